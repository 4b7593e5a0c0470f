"""The Linux installers: build them, check the .deb as Debian's tools do, install it in a clean Debian, run it.

The clean Debian is a ``debootstrap --variant=minbase bookworm`` root, made once and cached in
``$EVIDENCE_KIT_DEBIAN_ROOT`` (default ``~/.cache/evidence-kit/debian-bookworm-minbase``) with
the packages apt downloaded into it; each run installs into a fresh copy. It needs root (chroot),
debootstrap and, the first time, the Debian mirror.

``EVIDENCE_KIT_INSTALLER_BUILD=DIR`` reuses the program folder an earlier
``build_installer.py --dist DIR/dist --work DIR/work`` froze (only the packages are made again).
"""

from __future__ import annotations

import configparser
import gzip
import hashlib
import io
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
    lib: Path  # the program's folder in that root
    lintian: Background | None  # started as soon as the .deb exists, read by the lintian test


LIB = Path("usr", "lib", "evidence-kit")
MIRROR = "http://deb.debian.org/debian"
DEBIAN_CACHE = Path(
    os.environ.get("EVIDENCE_KIT_DEBIAN_ROOT", Path.home() / ".cache" / "evidence-kit" / "debian-bookworm-minbase")
)


class Background:
    """A slow tool (lintian, debootstrap) running while other tests run; its output goes to a file."""

    def __init__(self, command: list[str], log: Path) -> None:
        self.log = log
        with open(log, "wb") as output:
            self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def result(self, timeout: float) -> tuple[int, str]:
        code = self.process.wait(timeout=timeout)
        return code, self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _require(tool: str, why: str) -> str:
    """The tool's path; skip without it, or fail when CI says every tool must be there."""
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("EVIDENCE_KIT_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{tool} is required (EVIDENCE_KIT_REQUIRE_TOOLS=1): {why}")
    pytest.skip(f"{tool} is not installed: {why}")


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


def _can_make_debian_roots() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and bool(shutil.which("debootstrap"))


@pytest.fixture(scope="module")
def debootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Background | None]:
    """Makes the cached clean Debian while the program is frozen, when there is none yet."""
    if (DEBIAN_CACHE / "etc" / "debian_version").is_file() or not _can_make_debian_roots():
        yield None
        return
    partial = DEBIAN_CACHE.with_name(DEBIAN_CACHE.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    command = [str(shutil.which("debootstrap")), "--variant=minbase", "bookworm", str(partial), MIRROR]
    job = Background(command, tmp_path_factory.mktemp("debootstrap") / "log")
    yield job
    job.stop()


@pytest.fixture(scope="module")
def build(
    tmp_path_factory: pytest.TempPathFactory, debootstrap: Background | None, request: pytest.FixtureRequest
) -> Build:
    if not shutil.which("dpkg-deb"):
        pytest.fail("dpkg-deb is needed to build the .deb")
    base = tmp_path_factory.mktemp("installer")
    dist, work = base / "dist", base / "work"
    reuse = []
    earlier = os.environ.get("EVIDENCE_KIT_INSTALLER_BUILD")  # while working on the packages: skip the freeze
    if earlier:
        dist, work, reuse = Path(earlier) / "dist", Path(earlier) / "work", ["--reuse-bundle"]
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build_installer.py"),
            "--dist",
            str(dist),
            "--work",
            str(work),
            "--fast",
            *reuse,
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=base,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"build took {time.monotonic() - started:.0f} s\n{result.stdout}")
    deb = next(dist.glob(f"evidence-kit_{VERSION}-*_amd64.deb"))  # with the Debian revision: 0.1.0-1
    tarball = next(dist.glob(f"evidence-kit-{VERSION}-linux-*.tar.gz"))
    root = base / "root"
    unpack = subprocess.run(["dpkg", "-x", str(deb), str(root)], capture_output=True, text=True)
    assert unpack.returncode == 0, unpack.stderr
    lintian = None
    if shutil.which("lintian"):  # about a minute: it runs while the other tests do
        command = ["lintian", "--no-cfg", "--fail-on", "error", "--tag-display-limit", "0", str(deb)]
        lintian = Background(command, base / "lintian.log")
        request.addfinalizer(lintian.stop)
    return Build(dist, result.stdout, deb, tarball, root, root / LIB, lintian)


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
    assert re.search(rf"^Version: {re.escape(VERSION)}-\d+$", fields, re.M)
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
    internal = build.lib / "_internal"
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
    assert launcher.resolve() == (build.lib / "evidence-kit").resolve()
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
    validate = _require("desktop-file-validate", "it checks the menu entry (apt-get install desktop-file-utils)")
    check = subprocess.run(
        [validate, str(root / "usr/share/applications/evidence-kit.desktop")], capture_output=True, text=True
    )
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout + check.stderr


def test_installed_program_passes_its_self_test_offscreen(build: Build, home: Path) -> None:
    result = _self_test(build.root / "usr" / "bin" / "evidence-kit", home, QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stdout + result.stderr
    resources = build.lib / "_internal" / "evidence_kit" / "resources"
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


# --- Debian's rules ------------------------------------------------------------------------


def test_deb_follows_debians_layout_modes_and_documents(build: Build) -> None:
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(build.deb)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    entries = {line.split()[-1] if " -> " not in line else line.split()[-3]: line for line in listing}
    assert not [name for name in entries if name.startswith("./opt")], "nothing under /opt"
    assert "./usr/lib/evidence-kit/evidence-kit" in entries
    assert entries["./usr/bin/evidence-kit"].endswith("-> ../lib/evidence-kit/evidence-kit")
    assert "./usr/share/man/man1/evidence-kit.1.gz" in entries
    for line in listing:
        mode, owner = line.split()[:2]
        assert owner == "root/root", line
        name = line.split()[5]
        if mode.startswith("d"):
            assert mode == "drwxr-xr-x", line
        elif mode.startswith("-"):
            executable = name in ("./usr/lib/evidence-kit/evidence-kit",)
            assert mode == ("-rwxr-xr-x" if executable else "-rw-r--r--"), line
    doc = build.root / "usr" / "share" / "doc" / "evidence-kit"
    with gzip.open(doc / "changelog.Debian.gz", "rt", encoding="utf-8") as changelog:
        assert re.match(rf"evidence-kit \({re.escape(VERSION)}-\d+\) unstable; urgency=", changelog.readline())
    copyright_text = (doc / "copyright").read_text(encoding="utf-8")
    assert copyright_text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
    assert "usr/lib/evidence-kit/_internal/PySide6/*" in copyright_text
    assert (build.root / "usr/share/lintian/overrides/evidence-kit").is_file()
    md5sums = subprocess.run(["dpkg-deb", "--ctrl-tarfile", str(build.deb)], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(md5sums)) as control:
        names = {m.name for m in control.getmembers()}
    assert {"./control", "./md5sums"} <= names


# --- links and folders go to the desktop -------------------------------------------------


def _stub_opener(folder: Path, record: Path) -> None:
    """An xdg-open that writes down its arguments and its whole environment."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xdg-open").write_text(
        f'#!/bin/sh\n{{ printf "%s\\0" "$@"; printf "\\n"; env -0; }} > "{record}"\n', encoding="utf-8"
    )
    (folder / "xdg-open").chmod(0o755)


def _recorded(record: Path) -> tuple[list[str], dict[str, str]]:
    arguments, _, environment = record.read_bytes().partition(b"\n")
    return (
        [a.decode() for a in arguments.split(b"\0") if a],
        dict(item.decode().split("=", 1) for item in environment.split(b"\0") if item),
    )


@pytest.mark.parametrize("option", ["--open-url", "--open-folder"])
def test_frozen_program_hands_links_and_folders_to_the_desktop_without_its_libraries(
    build: Build, home: Path, tmp_path: Path, option: str
) -> None:
    record = tmp_path / "opened"
    _stub_opener(tmp_path / "bin", record)
    target = "https://www.3018.fr/" if option == "--open-url" else str(home)
    env = _clean_env(
        home,
        PATH=f"{tmp_path / 'bin'}:/usr/bin:/bin",
        LD_LIBRARY_PATH="/usr/local/lib/mine",  # the person's own value must come back
        QT_QPA_PLATFORM="wayland",  # the program runs through X11, the browser gets the person's choice
    )
    result = subprocess.run(
        [str(build.root / "usr" / "bin" / "evidence-kit"), option, target],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    arguments, variables = _recorded(record)
    assert arguments == [target]
    bundle = str(build.lib.resolve())
    assert not {k: v for k, v in variables.items() if bundle in v or "_internal" in v}
    assert variables["LD_LIBRARY_PATH"] == "/usr/local/lib/mine"
    assert variables["QT_QPA_PLATFORM"] == "wayland"
    assert not [k for k in variables if k.startswith(("QT_PLUGIN", "QML", "_PYI", "_MEI", "EVIDENCE_KIT_QT", "PYSIDE"))]
    assert {k: variables[k] for k in ("HOME", "LANG")} == {"HOME": str(home), "LANG": "C.UTF-8"}


def test_a_wayland_request_runs_through_x11_instead_of_aborting(build: Build, home: Path, xvfb_display: str) -> None:
    result = _self_test(
        build.root / "usr" / "bin" / "evidence-kit",
        home,
        QT_QPA_PLATFORM="wayland",
        DISPLAY=xvfb_display,
        WAYLAND_DISPLAY="wayland-0",
        XDG_SESSION_TYPE="wayland",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(platform xcb)" in result.stdout


# --- a clean Debian ------------------------------------------------------------------------


def _in_root(
    root: Path, *command: str, user: str | None = None, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """Run a command inside ``root`` (chroot, with its own /proc), with a plain environment."""
    chroot = ["chroot", *([f"--userspec={user}"] if user else []), str(root)]
    home = "/home/ana" if user else "/root"
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "DEBIAN_FRONTEND": "noninteractive",
        "TMPDIR": f"{home}/tmp",
    }
    return subprocess.run(
        ["unshare", "--fork", "--pid", "--mount", f"--mount-proc={root / 'proc'}", *chroot, *command],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def _cached_debian(cache: Path, job: Background | None) -> Path:
    """A minimal Debian 12, made once (a minute or two, while the program was frozen) and kept in ``cache``."""
    if (cache / "etc" / "debian_version").is_file():
        return cache
    _require("debootstrap", "it makes the clean Debian 12 root (apt-get install debootstrap)")
    assert job is not None, "debootstrap was not started"
    code, output = job.result(timeout=1800)
    assert code == 0, output[-3000:]
    partial = cache.with_name(cache.name + ".partial")
    # Keep what apt downloads: the next runs install the same dependencies without the network.
    (partial / "etc" / "apt" / "apt.conf.d" / "99keep-downloads").write_text(
        'Binary::apt::APT::Keep-Downloaded-Packages "true";\nAPT::Keep-Downloaded-Packages "true";\n',
        encoding="utf-8",
    )
    partial.rename(cache)
    return cache


def _directories(root: Path) -> set[str]:
    skip = {"proc", "sys", "dev", "tmp", "run"}
    found = set()
    for folder, subfolders, _ in os.walk(root):
        relative = Path(folder).relative_to(root)
        if relative.parts[:1] and relative.parts[0] in skip:
            subfolders.clear()
            continue
        found.add("/" + relative.as_posix())
    return found


@pytest.fixture(scope="module")
def clean_debian(tmp_path_factory: pytest.TempPathFactory, debootstrap: Background | None) -> Path:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("installing into a Debian root needs root (chroot)")
    for tool in ("unshare", "chroot"):
        _require(tool, "they run commands inside the Debian root (util-linux, coreutils)")
    cached = _cached_debian(DEBIAN_CACHE, debootstrap)
    root = tmp_path_factory.mktemp("debian") / "root"
    copied = subprocess.run(["cp", "-a", "--reflink=auto", str(cached), str(root)], capture_output=True, text=True)
    assert copied.returncode == 0, copied.stderr
    shutil.copyfile("/etc/resolv.conf", root / "etc" / "resolv.conf")
    return root


def test_deb_installs_runs_and_removes_cleanly_in_a_clean_debian(build: Build, clean_debian: Path) -> None:
    root = clean_debian
    before = _directories(root)
    shutil.copyfile(build.deb, root / "tmp" / build.deb.name)
    # As a person would without apt's help: dpkg -i stops on the missing libraries, apt -f install
    # brings exactly what the package declares (and the recommended printing library).
    first = _in_root(root, "dpkg", "-i", f"/tmp/{build.deb.name}")
    assert "dependency problems" in first.stderr or first.returncode == 0, first.stdout + first.stderr
    fixed = _in_root(root, "apt-get", "-o", "Acquire::Retries=3", "-f", "install", "-y")
    if fixed.returncode != 0:  # cached lists too old for the mirror: refresh them once
        assert _in_root(root, "apt-get", "update", "-qq").returncode == 0
        fixed = _in_root(root, "apt-get", "-o", "Acquire::Retries=3", "-f", "install", "-y")
    assert fixed.returncode == 0, fixed.stdout[-3000:] + fixed.stderr[-3000:]
    status = _in_root(root, "dpkg-query", "-W", "-f", "${Status} ${Version}", "evidence-kit")
    assert re.fullmatch(rf"install ok installed {re.escape(VERSION)}-\d+", status.stdout), status.stdout + status.stderr
    cache = DEBIAN_CACHE
    for downloaded in (root / "var" / "cache" / "apt" / "archives").glob("*.deb"):
        kept = cache / "var" / "cache" / "apt" / "archives" / downloaded.name
        if not kept.exists():
            shutil.copyfile(downloaded, kept)
    for lists in (root / "var" / "lib" / "apt" / "lists").glob("*_Packages*"):
        if not (cache / "var" / "lib" / "apt" / "lists" / lists.name).exists():
            shutil.copyfile(lists, cache / "var" / "lib" / "apt" / "lists" / lists.name)

    # The installed program, started by a user as the menu would, from /usr/bin.
    assert _in_root(root, "useradd", "--create-home", "--uid", "4242", "ana").returncode == 0
    (root / "home" / "ana" / "tmp").mkdir()
    os.chown(root / "home" / "ana" / "tmp", 4242, 4242)
    result = _in_root(
        root,
        "env",
        "QT_QPA_PLATFORM=offscreen",
        "EVIDENCE_KIT_LANG=en",
        "evidence-kit",
        "--self-test",
        user="4242:4242",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "[ok] resources found in /usr/lib/evidence-kit/_internal/evidence_kit/resources" in result.stdout
    assert re.search(r"Self-test passed: \d+ checks", result.stdout)
    assert list((root / "home" / "ana" / "tmp").iterdir()) == []
    desktop = root / "usr" / "share" / "applications" / "evidence-kit.desktop"
    assert desktop.is_file() and (root / "usr" / "share" / "icons" / "hicolor" / "48x48" / "apps").is_dir()

    # apt remove takes the program away and leaves every folder that was there before.
    removed = _in_root(root, "apt-get", "remove", "-y", "evidence-kit")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    after = _directories(root)
    assert not before - after, f"removing the package deleted {sorted(before - after)}"
    assert not (root / LIB).exists() and not (root / "usr" / "bin" / "evidence-kit").exists()
    assert (root / "opt").is_dir(), "/opt stays"
    assert (root / "home" / "ana").is_dir(), "the person's home (and cases) stay"


# Last: lintian has been running in the background since the build.
def test_lintian_finds_no_error_but_the_ones_a_bundle_brings_with_reasons(build: Build) -> None:
    lintian = _require("lintian", "it checks the .deb as Debian does (apt-get install lintian)")
    overrides = (ROOT / "packaging" / "linux" / "lintian-overrides").read_text(encoding="utf-8").splitlines()
    reason = False
    for line in overrides:
        if line.startswith("#") and len(line.strip("# ")) > 20:
            reason = True
        elif line.strip():
            assert line.startswith("evidence-kit: "), line
            assert reason, f"override without a reason above it: {line}"
        else:
            reason = False
    assert build.lintian is not None, lintian
    code, output = build.lintian.result(timeout=900)
    errors = [line for line in output.splitlines() if line.startswith("E:")]
    assert code == 0 and not errors, "\n".join(errors[:40]) + output[-2000:]
