"""The Linux installers: build them, install the .deb into a temporary root, run the installed program's self-test."""

from __future__ import annotations

import configparser
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the .deb and .tar.gz are built on Linux"),
]


@dataclass
class Build:
    dist: Path
    output: str
    deb: Path
    tarball: Path
    root: Path  # where the .deb was unpacked


def _clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What a desktop session gives a program: no PYTHONPATH, no source tree, a private home."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "LANG": "C.UTF-8",
        "EVIDENCE_KIT_LANG": "en",
    }
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    if not shutil.which("dpkg-deb"):
        pytest.fail("dpkg-deb is needed to build the .deb")
    base = tmp_path_factory.mktemp("installer")
    dist, work = base / "dist", base / "work"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--dist", str(dist), "--work", str(work), "--fast"],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=base,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"build took {time.monotonic() - started:.0f} s\n{result.stdout}")
    deb = dist / f"evidence-kit_{VERSION}_amd64.deb"
    tarball = next(dist.glob(f"evidence-kit-{VERSION}-linux-*.tar.gz"))
    root = base / "root"
    unpack = subprocess.run(["dpkg", "-x", str(deb), str(root)], capture_output=True, text=True)
    assert unpack.returncode == 0, unpack.stderr
    return Build(dist, result.stdout, deb, tarball, root)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "home" / "tmp").mkdir(parents=True)
    return tmp_path / "home"


def _self_test(program: Path, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), "--self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=home,
        env=_clean_env(home, **env),
    )


def test_build_prints_what_it_made_with_checksums(build: Build) -> None:
    assert re.search(r"Bundle: [\d.]+ MB collected by PyInstaller, [\d.]+ MB after .* [\d.]+ MB on disk", build.output)
    sums = (build.dist / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == 2
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((build.dist / name).read_bytes()).hexdigest() == digest
        assert f"sha256 {digest}" in build.output
        assert str(build.dist / name) in build.output


def test_deb_declares_version_and_the_libraries_qt_needs(build: Build) -> None:
    fields = subprocess.run(["dpkg-deb", "-f", str(build.deb)], capture_output=True, text=True, check=True).stdout
    assert f"Version: {VERSION}" in fields
    assert "Package: evidence-kit" in fields
    depends = re.search(r"^Depends: (.*)$", fields, re.M)
    assert depends is not None
    names = {d.strip() for d in depends.group(1).split(",")}
    for needed in ("libxcb-cursor0", "libxcb-icccm4", "libxkbcommon-x11-0", "libegl1", "libfontconfig1"):
        assert needed in names
    assert "Recommends: libcups2" in fields
    assert re.match(r"libc6 \(>= 2\.\d+\)$", depends.group(1).split(",")[0])
    # Only what the bundle itself links to: CUPS brings its own dependencies through libcups2.
    assert not names & {"libgnutls30", "libkrb5-3", "libavahi-client3"}


def test_bundle_leaves_out_unused_qt_and_keeps_what_the_program_loads(build: Build) -> None:
    internal = build.root / "opt" / "evidence-kit" / "_internal"
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    forbidden = re.compile(
        r"Qt6(Qml|Quick|VirtualKeyboard|WebEngine|Multimedia|3D|Charts|Wayland|Network)|qgtk3|libgtk"
    )
    assert not [n for n in names if forbidden.search(n)]
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()], "dangling links"
    translations = {n.rsplit("/", 1)[-1] for n in names if n.startswith("PySide6/Qt/translations/")}
    assert translations == {"qtbase_fr.qm", "qtbase_en.qm"}
    for kept in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "evidence_kit/resources/i18n/about.toml",
        "evidence_kit/resources/fonts/DejaVuSans.ttf",
        "evidence_kit/resources/icons/evidence-kit-256.png",
    ):
        assert kept in names


def test_deb_installs_a_menu_entry_and_icons(build: Build) -> None:
    root = build.root
    launcher = root / "usr" / "bin" / "evidence-kit"
    assert launcher.is_symlink() and not Path(os.readlink(launcher)).is_absolute()
    assert launcher.resolve() == (root / "opt" / "evidence-kit" / "evidence-kit").resolve()
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(root / "usr" / "share" / "applications" / "evidence-kit.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "evidence-kit" and desktop["Icon"] == "evidence-kit"
    assert desktop["Name"] == "Evidence Kit" and desktop["Comment[fr]"] and desktop["Comment"]
    assert "sextor" not in "".join(desktop.values()).lower(), "menus stay discreet on a shared computer"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "evidence-kit.png"
        from PIL import Image

        with Image.open(icon) as picture:
            assert picture.size == (size, size)
    assert (root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps" / "evidence-kit.svg").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(root / "usr/share/applications/evidence-kit.desktop")],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_installed_program_passes_its_self_test_offscreen(build: Build, home: Path) -> None:
    result = _self_test(build.root / "usr" / "bin" / "evidence-kit", home, QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stdout + result.stderr
    resources = build.root / "opt" / "evidence-kit" / "_internal" / "evidence_kit" / "resources"
    assert f"[ok] resources found in {resources}" in result.stdout
    assert "(platform offscreen)" in result.stdout
    assert "[ok] dossier verified" in result.stdout
    assert re.search(r"Self-test passed: 17 checks", result.stdout)
    assert list((home / "tmp").iterdir()) == [], "the temporary folder is removed"


def test_installed_program_names_its_lock_file(build: Build, home: Path) -> None:
    """The bundle carries requirements/app.lock and the metadata of what it pins: it can say it matches."""
    import hashlib

    env = dict(os.environ, HOME=str(home), EVIDENCE_KIT_LANG="en")
    result = subprocess.run(
        [str(build.root / "usr" / "bin" / "evidence-kit"), "--version"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    lock = hashlib.sha256((ROOT / "requirements" / "app.lock").read_bytes()).hexdigest()
    assert f"installed as pinned by the lock file (SHA-256 {lock})" in result.stdout


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    if not shutil.which("Xvfb"):
        if os.environ.get("EVIDENCE_KIT_REQUIRE_XVFB") == "1":
            pytest.fail("Xvfb is required (EVIDENCE_KIT_REQUIRE_XVFB=1)")
        pytest.skip("Xvfb is not installed")
    number = next(n for n in range(140, 240) if not Path(f"/tmp/.X11-unix/X{n}").exists() and _free(6000 + n))
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            assert server.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.1)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_installed_program_passes_its_self_test_on_an_x_display(build: Build, home: Path, xvfb_display: str) -> None:
    result = _self_test(build.root / "usr" / "bin" / "evidence-kit", home, QT_QPA_PLATFORM="xcb", DISPLAY=xvfb_display)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(platform xcb)" in result.stdout


def test_tarball_runs_in_french_and_a_broken_copy_fails_in_one_line(build: Build, home: Path, tmp_path: Path) -> None:
    with tarfile.open(build.tarball) as archive:
        archive.extractall(tmp_path / "unpacked", filter="tar")
    program = tmp_path / "unpacked" / f"evidence-kit-{VERSION}" / "evidence-kit"
    result = _self_test(program, home, QT_QPA_PLATFORM="offscreen", EVIDENCE_KIT_LANG="fr")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Autotest réussi" in result.stdout

    # A copy that lost Qt's French translation: the self-test names the step, in one line, and exits 1.
    next(program.parent.rglob("qtbase_fr.qm")).unlink()
    broken = _self_test(program, home, QT_QPA_PLATFORM="offscreen", EVIDENCE_KIT_LANG="en")
    assert broken.returncode == 1
    assert broken.stderr.strip() == "Self-test failed while checking Qt's translations: qtbase_fr.qm is missing"
    assert list((home / "tmp").iterdir()) == [], "the temporary folder is removed after a failure too"
