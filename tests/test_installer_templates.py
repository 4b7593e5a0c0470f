"""Installer pieces that need no freeze: Info.plist and its translations, Inno Setup script, desktop entry, tools."""

from __future__ import annotations

import configparser
import os
import plistlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build_installer  # noqa: E402
from evidence_kit.i18n import Translator  # noqa: E402

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _info_plist() -> dict[str, object]:
    text = build_installer.fill(
        ROOT / "packaging" / "macos" / "Info.plist.in",
        {"VERSION": VERSION, "SCREEN_CAPTURE_FR": Translator("fr")("about.macos.screen_capture")},
    )
    return plistlib.loads(text.encode("utf-8"))


def test_info_plist_explains_screen_recording_in_french_by_default() -> None:
    info = _info_plist()
    assert info["CFBundleShortVersionString"] == VERSION
    assert info["CFBundleDevelopmentRegion"] == "fr"
    assert info["CFBundleLocalizations"] == ["fr", "en"]
    assert info["NSScreenCaptureUsageDescription"] == Translator("fr")("about.macos.screen_capture")
    assert "capture d'écran" in str(info["NSScreenCaptureUsageDescription"])


def test_app_gets_french_and_english_permission_texts(tmp_path: Path) -> None:
    app = tmp_path / "Evidence Kit.app"
    (app / "Contents").mkdir(parents=True)
    (app / "Contents" / "Info.plist").write_bytes(plistlib.dumps(_info_plist()))
    build_installer.finish_app(app)
    for lang in ("fr", "en"):
        strings = (app / "Contents" / "Resources" / f"{lang}.lproj" / "InfoPlist.strings").read_bytes()
        assert strings[:2] in (b"\xff\xfe", b"\xfe\xff"), "UTF-16 with a byte order mark"
        text = strings.decode("utf-16")
        expected = Translator(lang)("about.macos.screen_capture").replace('"', '\\"')
        assert f'"NSScreenCaptureUsageDescription" = "{expected}";' in text


def test_fill_refuses_a_template_with_an_unknown_placeholder(tmp_path: Path) -> None:
    template = tmp_path / "x.in"
    template.write_text("a @KNOWN@ b @UNKNOWN@", encoding="utf-8")
    with pytest.raises(build_installer.BuildError, match="no value for @UNKNOWN@"):
        build_installer.fill(template, {"KNOWN": "1"})


def test_inno_setup_script_is_written_even_without_the_compiler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("PROGRAMFILES(X86)", str(tmp_path / "nowhere"))
    bundle = build_installer.Bundle(tmp_path / "dist" / "evidence-kit", None, 0, 0, 0)
    (tmp_path / "dist").mkdir()
    meta = build_installer.project()
    made = build_installer.build_windows(bundle, meta, tmp_path / "dist", tmp_path / "work")
    assert [m.what for m in made] == ["Inno Setup script"]
    script = made[0].path.read_text(encoding="utf-8")
    assert script.startswith(f'#define AppVersion "{VERSION}"\n')
    assert f'#define BundleDir "{bundle.folder}"' in script
    for needed in ("PrivilegesRequired=lowest", 'MessagesFile: "compiler:Languages\\French.isl"', "[Icons]"):
        assert needed in script
    assert "iscc) not found" in capsys.readouterr().out


def test_desktop_entry_is_complete_in_both_languages() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(build_installer.desktop_entry())
    entry = parser["Desktop Entry"]
    for key, message in (("GenericName", "generic_name"), ("Comment", "comment"), ("Keywords", "keywords")):
        assert entry[key] == Translator("en")(f"about.desktop.{message}")
        assert entry[f"{key}[fr]"] == Translator("fr")(f"about.desktop.{message}")
    assert entry["Keywords"].endswith(";") and entry["Categories"] == "Utility;"


def test_a_missing_tool_stops_the_build_with_one_line(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux tools are checked on Linux")
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("needs the source tree")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build_installer.py"),
            "--dist",
            str(tmp_path / "d"),
            "--work",
            str(tmp_path / "w"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PATH=str(tmp_path)),  # no dpkg-deb, ldd, strip or objdump here
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    # Without PyInstaller the first missing tool is PyInstaller itself; otherwise dpkg-deb.
    assert lines[0].startswith(("build_installer: dpkg-deb is missing", "build_installer: PyInstaller is missing"))
    assert not (tmp_path / "d").exists()
