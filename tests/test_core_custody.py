"""The one custody checker (core.custody.check_custody), the injected clock, and the one write lock."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

from helpers import PASSPHRASE, png_bytes

from evidence_kit.core import clock
from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.custody import EVIDENCE_ACTIONS, CustodyFault, check_custody, custody_entry_hash
from evidence_kit.core.keys import CaseKeys
from evidence_kit.core.model import Account, CustodyAction, Origin


def _faults(check: object) -> list[tuple[int, CustodyFault]]:
    return [(f.position, f.fault) for f in check.findings]  # type: ignore[attr-defined]


def test_an_untouched_chain_passes_and_names_every_item_added(case: Case) -> None:
    added = case.add_bytes(png_bytes(), origin=Origin.CLIPBOARD).item
    case.save_account(Account(id="", platform="instagram", username="x"))
    assert case.keys is not None
    check = check_custody(case.custody, case.keys.custody_public_hex)
    assert check.ok and check.entries == 3 and check.head == case.custody_head()
    assert check.added == {added.id: added.sha256}  # the account's entry names no hash


def test_each_kind_of_damage_is_named_at_its_place(case: Case) -> None:
    for index in range(3):
        case.add_bytes(png_bytes(marker=bytes([index])), origin=Origin.CLIPBOARD)
    assert case.keys is not None
    key = case.keys.custody_public_hex
    entries = list(case.custody)

    altered = entries.copy()
    altered[2] = dataclasses.replace(entries[2], sha256="0" * 64)
    assert _faults(check_custody(altered, key)) == [(3, CustodyFault.HASH)]

    swapped = [entries[0], entries[2], entries[1], entries[3]]
    assert {f for _, f in _faults(check_custody(swapped, key))} == {CustodyFault.CHAIN}

    dropped = entries[:2] + entries[3:]
    assert _faults(check_custody(dropped, key)) == [(3, CustodyFault.CHAIN)]

    assert _faults(check_custody(entries[1:], key))[0] == (1, CustodyFault.START)

    other = CaseKeys.generate("EK-0000-0000").custody_public_hex
    faults = _faults(check_custody(entries, other))
    assert faults[0] == (1, CustodyFault.KEY)
    assert [f for _, f in faults[1:]] == [CustodyFault.SIGNATURE] * len(entries)

    # Re-hashed after the change, the entry still fails: its signature is over the old hash.
    forged = dataclasses.replace(entries[2], sha256="0" * 64)
    forged.entry_hash = custody_entry_hash(forged)
    assert _faults(check_custody([*entries[:2], forged], key)) == [(3, CustodyFault.SIGNATURE)]


def test_only_the_actions_that_add_evidence_count_as_added() -> None:
    assert {
        CustodyAction.CAPTURED,
        CustodyAction.IMPORTED,
        CustodyAction.PASTED,
        CustodyAction.DERIVED,
        CustodyAction.RECORDED,
    } == EVIDENCE_ACTIONS
    assert CustodyAction.DESCRIBED not in EVIDENCE_ACTIONS and CustodyAction.EXPORTED not in EVIDENCE_ACTIONS


def test_the_clock_is_passed_in_and_written_as_given(tmp_path: Path) -> None:
    moments = iter(
        clock.Instant(utc=f"2026-03-0{day}T10:00:00Z", local=f"2026-03-0{day}T11:00:00+01:00", zone="Europe/Paris")
        for day in range(1, 9)
    )
    fixed = lambda: next(moments)
    case, _ = Case.create(tmp_path / "c", PASSPHRASE, kdf=KdfParams.for_tests(), now=fixed)
    with case:
        item = case.add_bytes(png_bytes(), origin=Origin.SCREEN_CAPTURE).item
        assert case.custody[0].at == "2026-03-01T10:00:00Z"
        assert (item.obtained_at, item.local_time, item.time_zone) == (
            "2026-03-02T10:00:00Z",
            "2026-03-02T11:00:00+01:00",
            "Europe/Paris",
        )
        assert case.custody[1].at == "2026-03-02T10:00:00Z"  # the entry bears the instant the bytes came in
        assert case.keys is not None
        valid_from = case.keys.seal_certificate.not_valid_before_utc
        assert valid_from.isoformat() == "2026-02-28T10:00:00+00:00"  # a day before the creation
    with Case.open(tmp_path / "c", PASSPHRASE, now=fixed) as reopened:
        reopened.save_account(Account(id="", platform="tiktok", username="y"))
        assert reopened.custody[-1].at == "2026-03-03T10:00:00Z"


def test_a_transaction_keeps_other_writers_out_until_it_ends(case: Case) -> None:
    order: list[str] = []
    started = threading.Event()

    def other_writer() -> None:
        started.set()
        case.save_account(Account(id="", platform="tiktok", username="other"))
        order.append("other")

    with case.transaction():
        first = case.save_account(Account(id="", platform="instagram", username="first"))
        worker = threading.Thread(target=other_writer)
        worker.start()
        started.wait(5)
        time.sleep(0.2)  # the other writer is now waiting on the lock, not writing
        case.update_item  # noqa: B018 - reading is never blocked
        assert len(case.accounts) == 1
        case.delete_record("account", first.id)
        order.append("transaction")
    worker.join(5)
    assert order == ["transaction", "other"]
    assert [a.username for a in case.accounts.values()] == ["other"]


def test_writes_from_many_threads_make_one_valid_chain(case: Case, tmp_path: Path) -> None:
    """The core is thread-safe: concurrent imports, captures and record saves all land, chained in order."""
    errors: list[BaseException] = []
    pictures = []
    for index in range(6):
        path = tmp_path / f"shot-{index}.png"
        path.write_bytes(png_bytes(marker=f"file-{index}".encode()))
        pictures.append(path)

    def run(work: object) -> None:
        try:
            work()  # type: ignore[operator]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    jobs = [lambda p=p: case.add_file(p) for p in pictures]
    jobs += [
        lambda i=i: case.add_bytes(png_bytes(marker=f"cap-{i}".encode()), origin=Origin.CLIPBOARD) for i in range(6)
    ]
    jobs += [lambda i=i: case.save_account(Account(id="", platform="tiktok", username=f"u{i}")) for i in range(6)]
    jobs += [lambda: case.add_file(pictures[0])] * 3  # the same bytes again: one item, whoever wins
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert len(case.items) == 12 and len(case.accounts) == 6
    assert set(case.items) == {f"E{n}" for n in range(1, 13)}, "ids taken once each, none skipped"
    assert len({i.sha256 for i in case.items.values()}) == 12
    report = case.verify(record=False)
    assert report.ok, report.problems
    assert report.custody_entries == 1 + 12 + 6
