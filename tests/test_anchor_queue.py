"""Trusted timestamps on the custody log, against a real openssl ts authority on 127.0.0.1.

Expected values are read from the case and the authority's own files: the
custody head's hash, the test CA's names, the authority's signed time.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence_kit.anchoring import (
    Trust,
    anchors_for_case,
    earliest_anchor,
    item_anchors,
    largest_clock_difference,
    save_settings,
    send_waiting,
    settings_of,
    system_clock,
    verify_tokens,
    waiting,
)
from evidence_kit.anchoring.authorities import authorities_for, slug_for
from evidence_kit.anchoring.tokens import load_certificates
from evidence_kit.core.case import Case
from evidence_kit.core.model import Origin

sys.path.insert(0, str(Path(__file__).parent))
from helpers import png_bytes  # noqa: E402
from tsa_server import TestAuthority as RunningAuthority  # noqa: E402
from tsa_server import running_authority  # noqa: E402


@pytest.fixture(scope="module")
def authority() -> Iterator[RunningAuthority]:
    with running_authority() as running:
        yield running


@pytest.fixture(autouse=True)
def _authority_answers_normally(authority: RunningAuthority) -> Iterator[None]:
    authority.mode, authority.delay = "ok", 0.0
    authority.start()
    yield
    authority.mode, authority.delay = "ok", 0.0
    authority.start()


def _add(case: Case, n: int) -> str:
    return case.add_bytes(png_bytes(color=(n, 40, 90)), origin=Origin.CLIPBOARD).item.id


class FakeClock:
    """The computer's clock as the test sets it."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def test_an_add_is_anchored_and_the_token_covers_the_custody_head(case: Case, authority: RunningAuthority) -> None:
    save_settings(case, True, [authority.url])
    item = _add(case, 1)
    head = case.custody[-1]
    report = send_waiting(case, system_clock)
    assert [a.seq for a in report.anchored] == [head.seq] and report.done
    anchor = report.anchored[0]
    assert anchor.entry_hash == head.entry_hash
    assert anchor.authority_name == "Test timestamping unit"  # the signing certificate's CN
    assert anchor.trust == Trust.NOT_RECOGNISED and anchor.trust_root == "Test TSA root"
    assert earliest_anchor(case, item) == anchor
    # The token is kept in the vault: a reopened case still has it.
    folder = case.folder
    case.close()
    from helpers import PASSPHRASE

    with Case.open(folder, passphrase=PASSPHRASE) as again:
        stored = anchors_for_case(again)
        assert [a.record_id for a in stored] == [anchor.record_id]
        assert stored[0].reply_der == anchor.reply_der
        assert waiting(again) == []
        checks = verify_tokens(again, load_certificates(authority.ca_pem.read_bytes()))
        assert [(c.ok, c.token.trust) for c in checks] == [(True, Trust.RECOGNISED)]
        assert again.verify(record=False).ok


def test_openssl_verifies_a_stored_token_against_the_custody_entry(
    case: Case, authority: RunningAuthority, tmp_path: Path
) -> None:
    save_settings(case, True, [authority.url])
    _add(case, 2)
    anchor = send_waiting(case, system_clock).anchored[0]
    token = tmp_path / anchor.file_name
    token.write_bytes(anchor.reply_der)
    checked = subprocess.run(
        ["openssl", "ts", "-verify", "-in", str(token), "-digest", case.custody[anchor.seq - 1].entry_hash]
        + ["-CAfile", str(authority.ca_pem)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Verification: OK" in checked.stdout, checked.stdout + checked.stderr
    # The same token does not prove any other entry.
    other = case.custody[anchor.seq - 2].entry_hash
    refused = subprocess.run(
        ["openssl", "ts", "-verify", "-in", str(token), "-digest", other, "-CAfile", str(authority.ca_pem)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0 and "Verification: OK" not in refused.stdout


def test_offline_requests_wait_in_the_vault_and_go_when_the_authority_is_back(
    case: Case, authority: RunningAuthority
) -> None:
    save_settings(case, True, [authority.url])
    first = _add(case, 3)
    authority.stop()
    report = send_waiting(case, system_clock)
    assert report.anchored == [] and [r.value for _, r in report.failed] == ["unreachable"]
    [queued] = report.waiting
    assert queued.reason == "unreachable" and queued.since == case.items[first].obtained_at
    second = _add(case, 4)
    entries = len(case.custody)
    again = send_waiting(case, system_clock, force=True)
    assert again.waiting and len(case.custody) == entries, "the same reason is not written twice"
    authority.start()
    done = send_waiting(case, system_clock, force=True)
    assert done.done and len(done.anchored) == 1
    anchors = item_anchors(case)
    assert anchors[first] == anchors[second] == done.anchored[0]


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("refuse", "refused"), ("garbage", "malformed"), ("forge", "bad_signature"), ("other_hash", "other_hash")],
)
def test_a_bad_answer_is_not_stored_and_the_request_keeps_waiting(
    case: Case, authority: RunningAuthority, mode: str, reason: str
) -> None:
    save_settings(case, True, [authority.url])
    item = _add(case, 5)
    authority.mode = mode
    report = send_waiting(case, system_clock)
    assert [r.value for _, r in report.failed] == [reason]
    assert anchors_for_case(case) == [] and earliest_anchor(case, item) is None
    assert [w.reason for w in waiting(case)] == [reason]
    assert case.verify(record=False).ok
    authority.mode = "ok"
    assert send_waiting(case, system_clock, force=True).done
    assert earliest_anchor(case, item) is not None


def test_a_certificate_that_does_not_chain_is_kept_as_not_recognised(case: Case, authority: RunningAuthority) -> None:
    save_settings(case, True, [authority.url])
    item = _add(case, 6)
    authority.mode = "unchained"  # the reply carries the signer's certificate but not its CA
    [anchor] = send_waiting(case, system_clock).anchored
    assert anchor.trust == Trust.NO_CHAIN and anchor.authority_name == "Test timestamping unit"
    assert earliest_anchor(case, item) == anchor
    [check] = verify_tokens(case)
    assert check.ok and check.token.trust == Trust.NO_CHAIN
    # With the CA known to the verifier, the same token is recognised.
    [known] = verify_tokens(case, load_certificates(authority.ca_pem.read_bytes()))
    assert known.token.trust == Trust.RECOGNISED


def test_a_token_moved_to_another_custody_position_fails_verification(case: Case, authority: RunningAuthority) -> None:
    save_settings(case, True, [authority.url])
    _add(case, 7)
    [anchor] = send_waiting(case, system_clock).anchored
    record = dict(case.extra["anchor"][anchor.record_id])
    record["seq"] = anchor.seq - 1  # claims to cover an earlier entry, whose hash differs
    case.save_extra("anchor", "custody-1-moved", record)
    checks = {c.anchor.record_id: c for c in verify_tokens(case)}
    assert checks[anchor.record_id].ok
    moved = checks["custody-1-moved"]
    assert not moved.ok and not moved.in_chain and moved.token.ok
    # The same question for a token attached to a dossier, beside the dossier's custody log.
    from evidence_kit.anchoring import check_token_at

    assert check_token_at(anchor.reply_der, anchor.seq, case.custody).ok
    assert check_token_at(anchor.reply_der, anchor.seq - 1, case.custody).problem is not None
    assert check_token_at(anchor.reply_der, len(case.custody) + 5, case.custody).problem is not None
    assert check_token_at(b"not a token", anchor.seq, case.custody).problem is not None


def test_one_request_a_minute_at_most_unless_forced(case: Case, authority: RunningAuthority) -> None:
    clock = FakeClock()
    save_settings(case, True, [authority.url])
    _add(case, 8)
    assert len(send_waiting(case, clock).anchored) == 1
    requests = authority.requests
    _add(case, 9)
    clock.now += dt.timedelta(seconds=30)
    deferred = send_waiting(case, clock)
    assert deferred.anchored == [] and deferred.waiting and authority.requests == requests
    assert deferred.deferred_until is not None and deferred.deferred_until > clock.now
    clock.now += dt.timedelta(seconds=31)
    assert len(send_waiting(case, clock).anchored) == 1 and authority.requests == requests + 1
    _add(case, 10)
    assert len(send_waiting(case, clock, force=True).anchored) == 1  # stamp ignores the limit


def test_the_computer_clock_is_recorded_beside_the_authority_time(case: Case, authority: RunningAuthority) -> None:
    clock = FakeClock()
    clock.now -= dt.timedelta(hours=2)  # a computer two hours behind
    save_settings(case, True, [authority.url])
    _add(case, 11)
    [anchor] = send_waiting(case, clock).anchored
    assert anchor.requested_at.startswith(clock.now.strftime("%Y-%m-%dT%H:%M"))
    assert -7205 < anchor.clock_difference < -7195
    assert largest_clock_difference(anchors_for_case(case)) == anchor.clock_difference


def test_nothing_is_sent_when_the_option_is_off(case: Case, authority: RunningAuthority) -> None:
    requests = authority.requests
    _add(case, 12)
    assert not settings_of(case).enabled and waiting(case) == []
    report = send_waiting(case, system_clock, force=True)
    assert not report.enabled and authority.requests == requests
    save_settings(case, False, [authority.url])
    assert not send_waiting(case, system_clock, force=True).enabled and authority.requests == requests


def test_authority_names_for_token_files() -> None:
    assert slug_for("https://freetsa.org/tsr") == "freetsa"
    assert slug_for("http://timestamp.digicert.com") == "digicert"
    assert slug_for("http://127.0.0.1:8080/tsa") == "tsa-127-0-0-1-8080"
    two = authorities_for(["https://a.freetsa.org/x", "https://b.freetsa.org/y", "https://a.freetsa.org/x"])
    assert [a.slug for a in two] == ["freetsa", "freetsa-2"]


def test_the_frozen_v1_anchor_record_still_reads_and_verifies() -> None:
    """tests/data/anchoring: a record written by the first version, with a real token from the test authority."""
    import hashlib
    import json

    from evidence_kit.anchoring import Anchor, check_token

    folder = Path(__file__).parent / "data" / "anchoring"
    frozen = json.loads((folder / "anchor-record-v1.json").read_text())
    anchor = Anchor.from_record(frozen["record_id"], frozen["data"])
    expected_hash = hashlib.sha256(b"evidence-kit frozen anchor fixture v1").hexdigest()
    assert anchor.seq == 7 and anchor.entry_hash == expected_hash
    assert anchor.file_name == "custody-7-tsa-127-0-0-1-8318.tsr"
    assert anchor.gen_time == "2026-11-29T23:12:49Z" and anchor.authority_name == "Test timestamping unit"
    roots = load_certificates((folder / "test-tsa-root.pem").read_bytes())
    check = check_token(anchor.reply_der, bytes.fromhex(expected_hash), roots)
    assert check.ok and check.trust == Trust.RECOGNISED and check.gen_time == anchor.gen_time
    assert check_token(anchor.token_der, bytes.fromhex(expected_hash), roots).ok  # the bare token reads too
    assert check_token(anchor.reply_der, hashlib.sha256(b"other").digest(), roots).problem is not None
