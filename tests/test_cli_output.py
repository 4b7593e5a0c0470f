"""Attacks (issue 12, item 8): hostile names on the terminal, a closed standard output, a busy case, symlinks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CLI, PASSPHRASE, png_bytes, run_cli

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams
from evidence_kit.core.display import printable, safe_json

HOSTILE = "invoice\nforged line \u202egnp.exe\x1b[2J"


def _new_case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    case, _ = Case.create(folder, PASSPHRASE, kdf=KdfParams.for_tests())
    case.close()
    return folder


def test_printable_escapes_controls_and_bidi_and_keeps_the_rest() -> None:
    assert printable(HOSTILE) == "invoice\\nforged line \\u202egnp.exe\\x1b[2J"
    assert printable("photo de Zoé 👩\u200d👧.png") == "photo de Zoé 👩\u200d👧.png"
    assert printable("a\u2066b\u2069c\u200fd\u2028e") == "a\\u2066b\\u2069c\\u200fd\\u2028e"
    assert json.loads(safe_json({"name": HOSTILE + "\U000e0041"})) == {"name": HOSTILE + "\U000e0041"}
    assert "\u202e" not in safe_json({"name": HOSTILE}) and "\x1b" not in safe_json({"name": HOSTILE})
    assert json.loads(safe_json([{"name": "a\x85\u202e"}], indent=2)) == [{"name": "a\x85\u202e"}]


@pytest.mark.skipif(os.name == "nt", reason="Windows file names cannot hold a newline")
def test_a_hostile_file_name_prints_escaped(tmp_path: Path) -> None:
    folder = _new_case(tmp_path)
    source = tmp_path / (HOSTILE + ".png")
    source.write_bytes(png_bytes(marker=b"hostile"))
    added = run_cli("add", str(folder), str(source), "--lang", "en")
    assert added.returncode == 0, added.stderr
    assert len(added.stdout.strip().splitlines()) == 1, added.stdout
    assert "invoice\\nforged line \\u202egnp.exe\\x1b[2J.png" in added.stdout
    for raw in ("\u202e", "\x1b"):
        assert raw not in added.stdout + added.stderr
    again = run_cli("add", str(folder), str(source), "--lang", "en")  # the duplicate line names it too
    assert "\\u202e" in again.stdout and "\u202e" not in again.stdout
    listed = run_cli("list", str(folder), "--json")
    assert "\u202e" not in listed.stdout and "\x1b" not in listed.stdout
    assert json.loads(listed.stdout)[0]["source_name"] == HOSTILE + ".png"
    empty = tmp_path / ("empty\u202e.png")
    empty.write_bytes(b"")
    refused = run_cli("add", str(folder), str(empty), "--lang", "en")
    assert refused.returncode == 4
    assert "empty\\u202e.png" in refused.stderr and "\u202e" not in refused.stderr


def test_a_closed_stdout_ends_quietly_after_the_work(tmp_path: Path) -> None:
    """``evidence-kit add CASE *.png | head -0``: every file is still added, no "Internal error", no traceback."""
    folder = _new_case(tmp_path)
    files = []
    for n in range(5):
        path = tmp_path / f"shot{n}.png"
        path.write_bytes(png_bytes(marker=f"pipe {n}".encode()))
        files.append(str(path))
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    env = dict(os.environ, EVIDENCE_KIT_PASSPHRASE=PASSPHRASE)
    try:
        child = subprocess.run(
            [sys.executable, str(CLI), "add", str(folder), *files],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert child.returncode == 0, child.stderr
    assert child.stderr == b""
    with Case.open(folder, PASSPHRASE) as case:
        assert sorted(i.source_name for i in case.items.values()) == [Path(f).name for f in files]


def test_a_busy_case_exits_5(tmp_path: Path) -> None:
    folder = _new_case(tmp_path)
    with Case.open(folder, PASSPHRASE):
        busy = run_cli("list", str(folder), "--lang", "en")
    assert busy.returncode == 5, busy.stderr
    assert len(busy.stderr.strip().splitlines()) == 1 and "already open" in busy.stderr


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links need POSIX here")
def test_a_symlink_is_refused_unless_followed_on_purpose(tmp_path: Path) -> None:
    folder = _new_case(tmp_path)
    target = tmp_path / "real.png"
    target.write_bytes(png_bytes(marker=b"linked"))
    link = tmp_path / "link.png"
    link.symlink_to(target)
    refused = run_cli("add", str(folder), str(link), "--lang", "en")
    assert refused.returncode == 4
    assert refused.stderr.strip().splitlines() == [
        "link.png is a symbolic link, not the file itself: add the file it points to instead. (--follow-symlinks)"
    ]
    with Case.open(folder, PASSPHRASE) as case:
        assert not case.items
    followed = run_cli("add", str(folder), str(link), "--follow-symlinks")
    assert followed.returncode == 0, followed.stderr
    with Case.open(folder, PASSPHRASE) as case:
        (item,) = case.items.values()
        entry = next(e for e in case.custody if e.subject == item.id)
        assert entry.details.get("followed_symlink") is True
    plain = run_cli("add", str(folder), str(target))  # the same bytes through the real name: a duplicate
    assert plain.returncode == 0


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links need POSIX here")
def test_a_symlink_is_not_recorded_by_hash_either(tmp_path: Path) -> None:
    from evidence_kit.core.errors import InputRejected
    from evidence_kit.core.model import Origin

    folder = _new_case(tmp_path)
    target = tmp_path / "export.zip"
    target.write_bytes(b"PK\x03\x04 not really a zip")
    link = tmp_path / "link.zip"
    link.symlink_to(target)
    with Case.open(folder, PASSPHRASE) as case, pytest.raises(InputRejected) as refused:
        case.record_file_by_hash(link, origin=Origin.IMPORT)
    assert refused.value.key == "reject.symlink"


def test_chat_commands_print_a_hostile_name_escaped(tmp_path: Path) -> None:
    """import-chat and inspect-chat print authors and previews from the export: escaped like every other name."""
    export = tmp_path / "WhatsApp Chat with X.txt"
    export.write_text(
        "14/03/2024 22:05 - Lu\u202ecas: Si tu ne paies pas 300€ j'envoie tes photos à ta famille\n"
        "14/03/2024 22:06 - Emma: non\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "evidence_kit", "inspect-chat", str(export), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "\u202e" not in result.stdout and "Lu\\u202ecas" in result.stdout
