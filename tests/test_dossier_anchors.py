"""Trusted timestamps taken as the case grew, in the dossier: per-item times, the tokens attached, OpenSSL on them,
``verify`` on every token — against a real openssl ts authority on 127.0.0.1 (tests/tsa_server.py)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from evidence_kit.anchoring import Trust, save_settings, send_waiting
from evidence_kit.core.case import Case

sys.path.insert(0, str(Path(__file__).parent))
from helpers import PASSPHRASE, png_bytes, run_cli  # noqa: E402
from tsa_server import TestAuthority as RunningAuthority  # noqa: E402
from tsa_server import running_authority  # noqa: E402

ZONE = "Europe/Paris"  # the computer's zone for the whole test: UTC+01:00 in winter, UTC+02:00 in summer
CN = "Test timestamping unit"  # tsa_server's signing certificate
PASSWORD = "correct-dossier-password"


@pytest.fixture
def authority() -> Iterator[RunningAuthority]:
    with running_authority() as running:
        yield running


def _words(text: str) -> str:
    return " ".join(text.split())


def _token_time(path: Path) -> dt.datetime:
    """The authority's time as OpenSSL reads it from the reply ("Time stamp: Nov 29 23:45:43 2026 GMT")."""
    shown = subprocess.run(
        ["openssl", "ts", "-reply", "-in", str(path), "-text"], capture_output=True, text=True, check=True
    ).stdout
    raw = re.search(r"Time stamp: (\w{3}) +(\d+) (\d\d:\d\d:\d\d)(\.\d+)? (\d{4}) GMT", shown)
    assert raw, shown
    month, day, clock, fraction, year = raw.groups()
    moment = dt.datetime.strptime(f"{month} {day} {clock} {year}", "%b %d %H:%M:%S %Y").replace(tzinfo=dt.UTC)
    if fraction and float(fraction) > 0:
        moment += dt.timedelta(seconds=1)  # "no later than", to the second: rounded up
    return moment


def _as_printed(moment: dt.datetime) -> str:
    """dd/mm/yyyy hh:mm:ss UTC±hh:mm in the test's zone, as every time in the dossier."""
    local = moment.astimezone(ZoneInfo(ZONE))
    offset = local.utcoffset() or dt.timedelta(0)
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    return f"{local:%d/%m/%Y %H:%M:%S} UTC+{hours:02d}:{minutes:02d}"


def test_per_item_times_tokens_attached_and_checked_by_openssl(authority: RunningAuthority, tmp_path: Path) -> None:
    env = {"TZ": ZONE, "EVIDENCE_KIT_LANG": "en"}
    vault = str(tmp_path / "vault")
    pictures = []
    for index in range(3):
        picture = tmp_path / f"screen-{index}.png"
        picture.write_bytes(png_bytes(color=(20 + 70 * index, 60, 90)))
        pictures.append(str(picture))
    assert run_cli("case", "create", vault, "--tsa", authority.url, env=env).returncode == 0
    added = run_cli("add", vault, pictures[0], pictures[1], env=env)
    assert added.returncode == 0 and authority.requests == 1, added.stderr  # anchored by add itself
    assert run_cli("add", vault, pictures[2], env=env).returncode == 0  # within the minute: it waits
    stamped = run_cli("stamp", vault, env=env)
    assert stamped.returncode == 0, stamped.stdout + stamped.stderr
    (tmp_path / "password").write_text(PASSWORD)
    pdf = tmp_path / "dossier.pdf"
    exported = run_cli(
        "export", vault, "--recipient", "police", "--out", str(pdf), "--password-file", str(tmp_path / "password"),
        env=env,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    (tmp_path / "ca.pem").write_bytes(authority.ca_pem.read_bytes())

    folder = tmp_path / "detached"
    folder.mkdir()
    subprocess.run(["pdfdetach", "-upw", PASSWORD, "-saveall", "-o", str(folder), str(pdf)], check=True)
    tokens = sorted(folder.glob("custody-*.tsr"), key=lambda p: int(p.name.split("-")[1]))
    assert len(tokens) == 2, [p.name for p in tokens]  # the first add's token, then stamp's
    custody = json.loads((folder / "custody.json").read_text())
    for token in tokens:
        seq = int(token.name.split("-")[1])
        entry_hash = custody[seq - 1]["entry_hash"]
        checked = subprocess.run(
            ["openssl", "ts", "-verify", "-in", str(token), "-digest", entry_hash, "-CAfile", str(tmp_path / "ca.pem")],
            capture_output=True,
            text=True,
        )
        assert "Verification: OK" in checked.stdout, checked.stdout + checked.stderr
        other = custody[seq - 2]["entry_hash"]  # the entry before: the token does not cover its hash
        refused = subprocess.run(
            ["openssl", "ts", "-verify", "-in", str(token), "-digest", other, "-CAfile", str(tmp_path / "ca.pem")],
            capture_output=True,
            text=True,
        )
        assert "Verification: OK" not in refused.stdout

    text = _words(subprocess.run(["pdftotext", "-upw", PASSWORD, str(pdf), "-"], capture_output=True, text=True).stdout)
    first, second = (_as_printed(_token_time(token)) for token in tokens)
    # Items E1 and E2 came with the first add (the first token); E3 with the second.
    expected = [first, first, second]
    evidence = text.split("6. Evidence, item by item")[-1].split("7. Chain of custody")[0]  # the section, not the TOC
    blocks = re.split(r"\bE(?=[123] · )", evidence)
    for number, when in enumerate(expected, start=1):
        block = next(b for b in blocks if b.startswith(f"{number} · "))
        assert f"existed no later than {when} (timestamp: {CN})" in block, block
        assert "UTC+01:00" in when or "UTC+02:00" in when
    assert "3 of 3 items timestamped by an authority" in text
    assert "Largest difference seen between this computer's clock" in text or "to within a second" in text
    for token in tokens:
        assert token.name in text and f"openssl ts -verify -in {token.name} -digest" in text

    verified = run_cli("verify", str(pdf), env={**env, "EVIDENCE_KIT_DOSSIER_PASSWORD": PASSWORD})
    assert verified.returncode == 0, verified.stdout + verified.stderr
    for token in tokens:
        assert f"Timestamp {token.name}: custody entry #" in verified.stdout
    # Not a known root: named, not a failure.
    assert f"signed by {CN} (authority not recognised: its root Test TSA root" in verified.stdout


def _case_with_tokens(tmp_path: Path, authority: RunningAuthority, skew: dt.timedelta) -> Case:
    from evidence_kit.core.crypto import KdfParams

    case, _code = Case.create(tmp_path / "case", PASSPHRASE, name="Test case", kdf=KdfParams.for_tests())
    save_settings(case, True, [authority.url])
    for index in range(2):
        picture = tmp_path / f"p{index}.png"
        picture.write_bytes(png_bytes(color=(10 + 80 * index, 40, 40)))
        case.add_file(picture)
    report = send_waiting(case, lambda: dt.datetime.now(dt.UTC) + skew, force=True)
    assert len(report.anchored) == 1 and report.anchored[0].trust == Trust.NOT_RECOGNISED
    return case


def test_a_wrong_computer_clock_is_stated(authority: RunningAuthority, tmp_path: Path) -> None:
    from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier

    case = _case_with_tokens(tmp_path, authority, dt.timedelta(hours=-3))  # the computer is 3 hours behind
    try:
        result = export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "d.pdf", lang="fr", password=PASSWORD))
    finally:
        case.close()
    text = _words(subprocess.run(["pdftotext", "-upw", PASSWORD, str(result.path), "-"], capture_output=True,
                                 text=True).stdout)  # fmt: skip
    # 3 hours, give or take: the authority writes whole seconds (its time may read up to 1 s early) and the
    # request takes its time on a busy machine
    assert re.search(r"l'ordinateur retardait de (?:2 h 59|3 h 0\d) min", text), text[text.find("horloge") - 300 :][
        :900
    ]
    assert "L'horloge de l'ordinateur était fausse" in text
    assert "existait au plus tard le " in text and f"(horodatage : {CN})" in text


def test_a_forged_token_is_left_out_and_fails_verify_when_sealed_in(
    authority: RunningAuthority, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidence_kit.anchoring import TokenCheck, anchors_for_case
    from evidence_kit.anchoring import verify as anchor_verify
    from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier
    from evidence_kit.dossier.verify import verify_dossier

    case = _case_with_tokens(tmp_path, authority, dt.timedelta(0))
    try:
        [anchor] = anchors_for_case(case)
        reply = bytearray(anchor.reply_der)
        year = reply.index(anchor.gen_time[:4].encode())  # GeneralizedTime digits inside the signed TSTInfo
        reply[year + 3] ^= 1  # another year: the authority's signature no longer matches
        forged = dict(case.extra["anchor"][anchor.record_id], reply=base64.b64encode(bytes(reply)).decode())
        forged["authority_slug"] = "forged"
        case.save_extra("anchor", f"custody-{anchor.seq}-forged", forged)

        honest = export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "honest.pdf", lang="en",
                                                    password=PASSWORD))  # fmt: skip
        assert "dossier.warning.tokens_left_out" in honest.warnings
        report = verify_dossier(honest.path, PASSWORD)
        assert report.ok, report.problems
        assert [t["file"] for t in report.tokens] == [anchor.file_name]

        # A forger holding the case's key seals the altered token in anyway: verify must catch the token itself.
        real_check = anchor_verify.check_anchor

        def accept_everything(candidate: object, custody: object, extra_roots: object = ()) -> object:
            checked = real_check(candidate, custody)  # type: ignore[arg-type]
            return anchor_verify.AnchorCheck(checked.anchor, TokenCheck(None, gen_time=candidate.gen_time), True)  # type: ignore[attr-defined]

        monkeypatch.setattr(anchor_verify, "check_anchor", accept_everything)
        sealed_in = export_dossier(case, ExportOptions(Recipient.POLICE, tmp_path / "forged.pdf", lang="en",
                                                       password=PASSWORD))  # fmt: skip
        monkeypatch.undo()
    finally:
        case.close()
    verified = run_cli("verify", str(sealed_in.path), env={"EVIDENCE_KIT_DOSSIER_PASSWORD": PASSWORD})
    assert verified.returncode == 1
    assert f"The timestamp custody-{anchor.seq}-forged.tsr does not hold for custody entry #{anchor.seq}" in (
        verified.stderr
    )
    assert "Traceback" not in verified.stderr
