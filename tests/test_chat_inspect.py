"""``evidence-kit inspect-chat``, through the real command line: what an import would see, with no case."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import PASSPHRASE, run_cli

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams

CHATS = Path(__file__).parent / "data" / "chats"
IOS = CHATS / "whatsapp" / "ios-en-attachments" / "_chat.txt"


def test_inspect_json_gives_messages_flags_and_written_identifiers_only() -> None:
    result = run_cli("inspect-chat", str(IOS), "--scammer", "~ Jay", "--json", "--lang", "en")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "whatsapp" and data["platform"] == "whatsapp"
    assert data["participants"] == ["Jay", "Sam"] and data["scammer"] == "Jay" and data["message_count"] == 13
    assert [m["index"] for m in data["messages"] if m["system"]] == [0, 7]
    assert data["messages"][3]["attachments"] == ["00000145-PHOTO-2021-06-15-08-06-53.jpg"]
    assert [(f["message_index"], sorted(f["kinds"])) for f in data["flags"]] == [(11, ["payment_demand", "threat"])]
    assert data["flags"][0]["preview"].startswith("send 200 or I send this video")
    phones = [i["value"] for i in data["identifiers"] if i["kind"] == "phone"]
    assert phones == ["+447911123456"]  # never a number made of the attachments' dates


def test_inspect_time_zone_gives_times_with_their_offset() -> None:
    result = run_cli("inspect-chat", str(IOS), "--time-zone", "Europe/London", "--json")
    assert json.loads(result.stdout)["messages"][0]["at"] == "2021-06-15T08:05:11+01:00"


def test_inspect_and_import_propose_the_same_flags_and_identifiers(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())[0].close()
    inspected = json.loads(run_cli("inspect-chat", str(IOS), "--scammer", "Jay", "--json").stdout)
    imported = run_cli("import-chat", str(folder), str(IOS), "--scammer", "~ Jay", "--json")
    assert imported.returncode == 0, imported.stderr
    data = json.loads(imported.stdout)
    assert data["participants"] == inspected["participants"] and data["message_count"] == 13
    assert data["flags"] == inspected["flags"]
    assert [(i["kind"], i["value"]) for i in data["identifiers"]] == [
        (i["kind"], i["value"]) for i in inspected["identifiers"]
    ]


def test_signal_export_is_refused_with_one_line_and_exit_4() -> None:
    result = run_cli("inspect-chat", str(CHATS / "chat-miner" / "signal-test_export.txt"), "--lang", "en")
    assert result.returncode == 4 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Signal" in lines[0] and "WhatsApp" in lines[0] and "Traceback" not in result.stderr


def test_unknown_text_is_refused_with_exit_4(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list\nmilk\n", encoding="utf-8")
    result = run_cli("inspect-chat", str(notes), "--lang", "fr")
    assert result.returncode == 4 and "WhatsApp" in result.stderr


def test_inspect_text_output_in_french() -> None:
    result = run_cli("inspect-chat", str(IOS), "--lang", "fr")
    assert result.returncode == 0, result.stderr
    assert "13 messages" in result.stdout and "rien n'a été ajouté" in result.stdout
