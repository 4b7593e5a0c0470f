"""The case vault: round trips, secrets, recovery, and what a damaged case says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes, run_cli

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams, new_recovery_code, parse_recovery_code
from evidence_kit.core.errors import CaseBusy, CaseExists, EvidenceRuleViolation, WrongSecret
from evidence_kit.core.model import Account, CustodyAction, EvidenceKind, Origin

RECOVERY = re.compile(r"\b[0-9A-Z]{5}(?:-[0-9A-Z]{5}){5}\b")


def test_extract_returns_the_exact_bytes_added(case: Case, tmp_path: Path) -> None:
    original = tmp_path / "video.mp4"
    original.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 9000)
    item = case.add_file(original, kind=EvidenceKind.THREAT).item
    case.extract(item.id, tmp_path / "back.mp4")
    assert (tmp_path / "back.mp4").read_bytes() == original.read_bytes()
    assert item.media_type == "video/mp4" and item.stored_as_file


def test_the_case_reopens_with_everything_after_closing(new_case: tuple[Case, str], make_png) -> None:
    case, _ = new_case
    folder = case.folder
    item = case.add_file(make_png(), kind=EvidenceKind.PROFILE, platform="instagram", account="@x").item
    account = case.save_account(Account(id="", platform="instagram", username="x"))
    case.update_item(item.id, account_ids=[account.id], note="profil")
    case.close()
    with Case.open(folder, PASSPHRASE) as reopened:
        again = reopened.item(item.id)
        assert again.sha256 == item.sha256 and again.note == "profil" and again.account_ids == [account.id]
        assert reopened.accounts[account.id].username == "x"
        assert reopened.profile.name == "Test case"
        assert reopened.verify().ok


def test_wrong_passphrase_is_refused(new_case: tuple[Case, str]) -> None:
    case, _ = new_case
    folder = case.folder
    case.close()
    with pytest.raises(WrongSecret):
        Case.open(folder, "not the passphrase")


def test_recovery_code_resets_the_passphrase_and_only_rewraps_the_key(new_case: tuple[Case, str], make_png) -> None:
    case, code = new_case
    folder = case.folder
    case.add_file(make_png())
    journal_before = (folder / "journal.ek").read_bytes()
    case.close()
    with Case.open(folder, recovery_code=code.replace("-", " ").lower()) as opened:
        opened.change_passphrase("a brand new passphrase", reset=True)
    assert (folder / "journal.ek").read_bytes().startswith(journal_before)
    with pytest.raises(WrongSecret):
        Case.open(folder, PASSPHRASE)
    with Case.open(folder, "a brand new passphrase") as reopened:
        assert reopened.custody[-1].action == CustodyAction.PASSPHRASE_RESET
        assert reopened.verify().ok


def test_recovery_code_typo_is_caught_before_any_derivation() -> None:
    code = new_recovery_code()
    assert len(code.split("-")) == 6
    assert len(parse_recovery_code(code)) * 8 >= 128
    wrong = ("A" if code[3] != "A" else "B").join([code[:3], code[4:]])
    with pytest.raises(WrongSecret) as caught:
        parse_recovery_code(wrong)
    assert caught.value.key == "error.recovery_code_typo"


def test_a_case_opened_twice_is_refused(case: Case) -> None:
    with pytest.raises(CaseBusy):
        Case.open(case.folder, PASSPHRASE)


def test_a_case_is_not_created_over_another_folder(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file.txt").write_text("x")
    with pytest.raises(CaseExists):
        Case.create(tmp_path / "busy", PASSPHRASE, kdf=KdfParams.for_tests())


def test_blocked_needs_linked_evidence(case: Case, make_png) -> None:
    account = case.save_account(Account(id="", platform="snapchat", username="scam"))
    assert not case.can_mark_blocked(account.id)
    account.blocked_at = "2026-11-28T20:00:00+01:00"
    with pytest.raises(EvidenceRuleViolation):
        case.save_account(account)
    item = case.add_file(make_png()).item
    case.update_item(item.id, account_ids=[account.id])
    assert case.can_mark_blocked(account.id)
    assert case.save_account(account).blocked_at


def test_custody_log_is_chained_and_signed(case: Case, make_png) -> None:
    case.add_file(make_png())
    entries = case.custody
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.entry_hash
    entries[1].details["size"] = 1
    report = case.verify(record=False)
    assert not report.ok
    assert any(p.key == "verify.custody_hash" for p in report.problems)


def test_cli_round_trip_and_exit_codes(tmp_path: Path) -> None:
    folder = str(tmp_path / "case")
    created = run_cli("case", "create", folder, "--name", "Lou")
    assert created.returncode == 0, created.stderr
    assert len(RECOVERY.findall(created.stdout)) == 1
    picture = tmp_path / "threat.png"
    picture.write_bytes(png_bytes())
    added = run_cli(
        "add",
        folder,
        str(picture),
        "--kind",
        "threat",
        "--platform",
        "instagram",
        "--account",
        "@lea",
        "--happened-at",
        "2026-11-20T21:15:00+01:00",
    )
    assert added.returncode == 0, added.stderr
    listed = run_cli("list", folder, "--json")
    items = json.loads(listed.stdout)
    assert {"id", "sha256", "size", "media_type", "kind", "obtained_at", "parent"} <= set(items[0])
    assert items[0]["kind"] == "threat" and items[0]["width"] == 320
    out = tmp_path / "out.png"
    assert run_cli("extract", folder, items[0]["id"], "--out", str(out)).returncode == 0
    assert out.read_bytes() == picture.read_bytes()
    log = run_cli("log", folder)
    assert log.returncode == 0 and items[0]["sha256"] in log.stdout
    assert run_cli("verify", folder).returncode == 0
    wrong = run_cli("list", folder, env={"EVIDENCE_KIT_PASSPHRASE": "wrong passphrase"})
    assert wrong.returncode == 3 and "Traceback" not in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1
    usage = run_cli("add", folder)
    assert usage.returncode == 2 and len(usage.stderr.strip().splitlines()) == 1
    missing = run_cli("list", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_cli_passwd_with_recovery_code_file(tmp_path: Path) -> None:
    folder = str(tmp_path / "case")
    created = run_cli("case", "create", folder)
    code = RECOVERY.search(created.stdout).group(0)
    code_file = tmp_path / "code.txt"
    code_file.write_text(code + "\n")
    new_file = tmp_path / "new.txt"
    new_file.write_text("another passphrase\n")
    changed = run_cli(
        "case",
        "passwd",
        folder,
        "--recovery-code-file",
        str(code_file),
        "--new-passphrase-file",
        str(new_file),
        env={"EVIDENCE_KIT_PASSPHRASE": ""},
    )
    assert changed.returncode == 0, changed.stderr
    assert run_cli("verify", folder, env={"EVIDENCE_KIT_PASSPHRASE": "another passphrase"}).returncode == 0
    assert run_cli("verify", folder).returncode == 3
    bad = tmp_path / "bad.txt"
    bad.write_text(code[:-1] + ("0" if code[-1] != "0" else "1"))
    refused = run_cli(
        "case", "passwd", folder, "--recovery-code-file", str(bad), "--new-passphrase-file", str(new_file)
    )
    assert refused.returncode == 3


def test_french_messages_by_default_in_a_french_locale(tmp_path: Path) -> None:
    result = run_cli("list", str(tmp_path / "nowhere"), env={"EVIDENCE_KIT_LANG": "", "LANG": "fr_FR.UTF-8"})
    assert "Aucun coffre-fort" in result.stderr


def test_writes_from_several_threads_keep_the_chain_whole(case: Case, make_png) -> None:
    import threading

    paths = [make_png(color=(i, 10, 10)) for i in range(12)]
    paths += paths[:4]  # the same files twice: each must be stored once
    errors: list[BaseException] = []

    def add(path: Path) -> None:
        try:
            case.add_file(path)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(case.items) == 12
    assert case.verify(record=False).ok


def test_a_case_opened_in_one_thread_closes_from_another(new_case: tuple[Case, str]) -> None:
    import threading

    case, _ = new_case
    folder = case.folder
    case.close()
    opened: list[Case] = []
    worker = threading.Thread(target=lambda: opened.append(Case.open(folder, PASSPHRASE)))
    worker.start()
    worker.join()
    opened[0].close()
    with Case.open(folder, PASSPHRASE):
        pass


def test_close_lets_a_running_write_commit_first_but_never_hangs(new_case: tuple[Case, str]) -> None:
    import threading

    case, _ = new_case
    inside, finish, committed = threading.Event(), threading.Event(), []

    def slow_write() -> None:
        with case._write_lock:  # what every write holds while it commits
            inside.set()
            finish.wait(10)
            committed.append(case.add_bytes(png_bytes(), origin=Origin.CLIPBOARD).item.id)

    worker = threading.Thread(target=slow_write)
    worker.start()
    inside.wait(10)
    threading.Timer(0.3, finish.set).start()
    case.close()  # waits for the write, which commits
    worker.join(10)
    assert committed and case.closed

    folder = case.folder
    again = Case.open(folder, passphrase=PASSPHRASE)
    assert committed[0] in again.items
    # A write that does not end in time does not keep the case open.
    inside.clear()
    finish.clear()

    def hold() -> None:
        with again._write_lock:
            inside.set()
            finish.wait(10)

    blocker = threading.Thread(target=hold)
    blocker.start()
    inside.wait(10)
    again.close(wait=0.05)
    assert again.closed
    finish.set()
    blocker.join(10)
