"""Installer pieces that need no freeze: Info.plist and its translations, Inno Setup script, desktop entry, tools."""

from __future__ import annotations

import configparser
import gzip
import os
import plistlib
import shutil
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


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("EVIDENCE_KIT_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{tool} is required (EVIDENCE_KIT_REQUIRE_TOOLS=1)")
    pytest.skip(f"{tool} is not installed")


def test_desktop_entry_passes_debian_12s_validator(tmp_path: Path) -> None:
    validate = _require("desktop-file-validate")
    entry = tmp_path / "evidence-kit.desktop"
    entry.write_text(build_installer.desktop_entry(), encoding="utf-8")
    result = subprocess.run([validate, str(entry)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    assert "Version=1.0\n" in entry.read_text(encoding="utf-8")


def test_the_changelog_names_this_version_with_a_debian_revision() -> None:
    version, text, maintainer = build_installer.changelog_entry(VERSION)
    assert version.startswith(f"{VERSION}-") and version[len(VERSION) + 1 :].isdigit()
    assert text.startswith(f"evidence-kit ({version}) unstable; urgency=")
    assert maintainer.startswith("Evidence Kit developers <") and "localhost" not in maintainer
    with pytest.raises(build_installer.BuildError, match=r"not 9\.9\.9-N: add an entry for 9\.9\.9-1 on top"):
        build_installer.changelog_entry("9.9.9")


def test_every_lintian_override_gives_its_reason() -> None:
    lines = (ROOT / "packaging" / "linux" / "lintian-overrides").read_text(encoding="utf-8").splitlines()
    overrides = [line for line in lines if line.strip() and not line.startswith("#")]
    assert overrides
    for number, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            assert line.startswith("evidence-kit: ")
            assert lines[number - 1].startswith("# "), f"no reason just above: {line}"


def test_the_deb_layout_without_freezing(tmp_path: Path) -> None:
    """/usr/lib/evidence-kit, a relative /usr/bin link, Debian's documents, and modes that do not follow the umask."""
    folder = tmp_path / "dist" / "evidence-kit"
    (folder / "_internal" / "lib").mkdir(parents=True)
    (folder / "evidence-kit").write_bytes(b"#!/bin/sh\n")
    (folder / "evidence-kit").chmod(0o700)
    (folder / "_internal" / "lib" / "libQt6Core.so.6").write_bytes(b"\x7fELF")
    (folder / "_internal" / "lib" / "libQt6Core.so.6").chmod(0o775)  # as wheels ship them
    (folder / "_internal" / "data.toml").write_text("a = 1\n", encoding="utf-8")
    (folder / "_internal" / "data.toml").chmod(0o600)
    stage = tmp_path / "stage"
    bundle = build_installer.Bundle(folder, None, 0, 0, 0)
    version, maintainer = build_installer.stage_deb(bundle, build_installer.project(), stage)
    assert version.startswith(f"{VERSION}-") and maintainer
    lib = stage / "usr" / "lib" / "evidence-kit"
    assert os.readlink(stage / "usr" / "bin" / "evidence-kit") == "../lib/evidence-kit/evidence-kit"
    assert (stage / "usr" / "bin" / "evidence-kit").resolve() == (lib / "evidence-kit").resolve()
    assert not (stage / "opt").exists()
    modes = {p.relative_to(stage).as_posix(): p.stat().st_mode & 0o777 for p in stage.rglob("*") if not p.is_symlink()}
    assert modes["usr/lib/evidence-kit/evidence-kit"] == 0o755
    assert modes["usr/lib/evidence-kit/_internal/lib/libQt6Core.so.6"] == 0o644
    assert modes["usr/lib/evidence-kit/_internal/data.toml"] == 0o644
    assert {mode for path, mode in modes.items() if (stage / path).is_dir()} == {0o755}
    doc = stage / "usr" / "share" / "doc" / "evidence-kit"
    with gzip.open(doc / "changelog.Debian.gz", "rt", encoding="utf-8") as changelog:
        assert changelog.read() == (ROOT / "packaging" / "linux" / "changelog").read_text(encoding="utf-8")
    assert (doc / "changelog.Debian.gz").read_bytes()[4:8] == b"\0\0\0\0", "no time stamp: reproducible"
    assert (doc / "copyright").read_bytes() == (ROOT / "packaging" / "linux" / "copyright").read_bytes()
    with gzip.open(stage / "usr" / "share" / "man" / "man1" / "evidence-kit.1.gz", "rt", encoding="utf-8") as man:
        assert man.read().startswith(".TH EVIDENCE-KIT 1 ")
    overrides = stage / "usr" / "share" / "lintian" / "overrides" / "evidence-kit"
    assert overrides.read_bytes() == (ROOT / "packaging" / "linux" / "lintian-overrides").read_bytes()


def test_library_paths_of_the_build_machine_are_removed(tmp_path: Path) -> None:
    """A Python built by pyenv leaves RUNPATH /root/.pyenv/... in its modules; $ORIGIN paths stay."""
    patchelf = _require("patchelf")
    elf = Path(patchelf).resolve()  # any ELF file will do: the copies are edited
    folder = tmp_path / "bundle"
    (folder / "_internal" / "a").mkdir(parents=True)
    foreign, mixed, fine = (folder / "_internal" / "a" / n for n in ("foreign.so", "mixed.so", "fine.so"))
    for copy, runpath in ((foreign, "/root/.pyenv/lib"), (mixed, "$ORIGIN/..:/home/builder/lib"), (fine, "$ORIGIN")):
        shutil.copyfile(elf, copy)
        subprocess.run([patchelf, "--set-rpath", runpath, str(copy)], check=True)
    shutil.copyfile(elf, folder / "evidence-kit")  # the program itself (bootloader + archive) is never edited
    subprocess.run([patchelf, "--set-rpath", "/root/.pyenv/lib", str(folder / "evidence-kit")], check=True)
    changed = build_installer.drop_build_machine_runpaths(folder)
    assert sorted(changed) == sorted([foreign, mixed])

    def runpath(path: Path) -> str:
        return subprocess.run([patchelf, "--print-rpath", str(path)], capture_output=True, text=True).stdout.strip()

    assert (runpath(foreign), runpath(mixed), runpath(fine)) == ("", "$ORIGIN/..", "$ORIGIN")
