"""Builds Evidence Kit for the operating system it runs on: a self-contained program, then its installer.

    python build_installer.py [--dist DIR] [--work DIR] [--clean] [--fast] [--reuse-bundle]

Linux: a PyInstaller folder, a .deb (dpkg-deb; the program in /usr/lib/evidence-kit) and a .tar.gz of it.
Windows: the folder and an Inno Setup installer (compiled when iscc is found).
macOS: an .app with its Info.plist and a .dmg (when hdiutil is found).
It prints what it made, where, with SHA-256 sums (also written to SHA256SUMS),
and stops with one line naming a missing tool.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import plistlib
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "evidence-kit.spec"
NAME = "evidence-kit"
DISPLAY_NAME = "Evidence Kit"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# Qt's xcb platform plugin needs these at run time (checked on Debian 12: see SETUP-NOTES);
# the libraries found by scanning the bundle are added to them.
XCB_DEPENDS = (
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libxcb-randr0",
    "libxcb-xinerama0",
    "libxcb-xfixes0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-render0",
    "libxcb-util1",
)
# Left out of the bundle on purpose (see the spec): recommended, since the program runs without them.
OPTIONAL_LIBRARIES = {"libcups.so.2": "libcups2"}


class BuildError(Exception):
    """Stops the build; its text is the one line the person reads."""


@dataclass
class Project:
    name: str
    version: str
    description: str
    licence: str


@dataclass
class Made:
    path: Path
    what: str


# --- small helpers ---------------------------------------------------------------


def project() -> Project:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    licence = data.get("license", {})
    return Project(data["name"], data["version"], data.get("description", ""), licence.get("text", "") or str(licence))


def translator(lang: str):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    from evidence_kit.i18n import Translator

    return Translator(lang)


def require_tool(tool: str, why: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise BuildError(f"{tool} is missing: {why}")
    return found


def require_pyinstaller(meta: Project) -> None:
    install = (
        f"run  {Path(sys.executable).name} -m pip install --require-hashes -r requirements/test.lock"
        f" && {Path(sys.executable).name} -m pip install --no-deps -e ."
    )
    if importlib.util.find_spec("PyInstaller") is None:
        raise BuildError(f"PyInstaller is missing: {install}")
    # The bundle carries the installed package's metadata (the About box reads its version there).
    from importlib import metadata

    try:
        installed = metadata.version(meta.name)
    except metadata.PackageNotFoundError:
        raise BuildError(f"{meta.name} is not installed in this Python: {install}") from None
    if installed != meta.version:
        raise BuildError(f"{meta.name} {installed} is installed but pyproject.toml says {meta.version}: {install}")
    require_locked_dependencies()


def require_locked_dependencies() -> None:
    """Installers are built only from the pinned, hash-checked versions of requirements/app.lock."""
    sys.path.insert(0, str(ROOT))
    from evidence_kit.build_identity import build_identity

    identity = build_identity()
    if not identity.matches_lock and not os.environ.get("EVIDENCE_KIT_UNLOCKED_BUILD"):
        differing = ", ".join(identity.differing[:6]) or "no lock file"
        raise BuildError(
            f"the installed packages are not the pinned ones ({differing}): install from the lock first, "
            "pip install --require-hashes -r requirements/test.lock (EVIDENCE_KIT_UNLOCKED_BUILD=1 to build anyway, "
            "e.g. for a test; the About box then says the packages differ)"
        )


def run(command: list[str], log: Path | None = None, env: dict[str, str] | None = None) -> None:
    """Run a tool; on failure, one line with the tool, its exit code and where its output was saved."""
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if log is not None:
        log.write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        where = f" (output in {log})" if log else ""
        last = (result.stderr or result.stdout).strip().splitlines()
        raise BuildError(
            f"{Path(command[0]).name} failed with exit code {result.returncode}{where}: "
            f"{last[-1] if last else 'no output'}"
        )


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def fill(template: Path, values: dict[str, str]) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    leftover = re.findall(r"@[A-Z_]+@", text)
    if leftover:
        raise BuildError(f"{template.name}: no value for {', '.join(sorted(set(leftover)))}")
    return text


# --- icons -----------------------------------------------------------------------


def icon_png(size: int) -> Path:
    return ROOT / "resources" / "icons" / f"evidence-kit-{size}.png"


def prepare_icons(work: Path) -> Path:
    """The .ico and .icns the freezer and installers want, made from the committed PNGs."""
    missing = [str(icon_png(s)) for s in HICOLOR_SIZES if not icon_png(s).is_file()]
    if missing:
        raise BuildError(f"icon missing: {missing[0]} (run python packaging/make_icons.py)")
    sys.path.insert(0, str(PACKAGING))
    import make_icons

    folder = work / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    make_icons.write_ico(icon_png(16).parent, folder / "evidence-kit.ico")
    make_icons.write_icns(icon_png(16).parent, folder / "evidence-kit.icns")
    return folder


# --- the frozen program ----------------------------------------------------------


@dataclass
class Bundle:
    folder: Path  # the one-folder program (on macOS: the folder the .app was made from)
    app: Path | None  # macOS .app
    collected_bytes: int  # what PyInstaller gathered before our filter
    kept_bytes: int  # after the filter, before stripping
    final_bytes: int  # on disk, stripped


def freeze(meta: Project, dist: Path, work: Path, clean: bool) -> Bundle:
    icons = prepare_icons(work)
    report = work / "bundle-sizes.json"
    env = dict(os.environ)
    env.update(EVIDENCE_KIT_ICON_DIR=str(icons), EVIDENCE_KIT_BUILD_REPORT=str(report))
    if sys.platform == "darwin":
        plist = work / "Info.plist"
        plist.write_text(
            fill(
                PACKAGING / "macos" / "Info.plist.in",
                {"VERSION": meta.version, "SCREEN_CAPTURE_FR": translator("fr")("about.macos.screen_capture")},
            ),
            encoding="utf-8",
        )
        env["EVIDENCE_KIT_INFO_PLIST"] = str(plist)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work / "pyinstaller"),
        str(SPEC),
    ]
    if clean:
        command.insert(3, "--clean")
    print(f"Freezing with PyInstaller (log: {work / 'pyinstaller.log'})…", flush=True)
    run(command, work / "pyinstaller.log", env)
    folder = dist / NAME
    if not folder.is_dir():
        raise BuildError(f"PyInstaller made no {folder}")
    sizes = json.loads(report.read_text(encoding="utf-8"))
    app = dist / f"{DISPLAY_NAME}.app"
    return Bundle(
        folder, app if app.is_dir() else None, sizes["collected_bytes"], sizes["kept_bytes"], tree_size(folder)
    )


# --- Linux -----------------------------------------------------------------------


def _elf_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def _private_headers(elf: Path) -> str:
    return subprocess.run(["objdump", "-p", str(elf)], capture_output=True, text=True).stdout


def needed_libraries(elf: Path) -> set[str]:
    """The libraries a file links to directly (its DT_NEEDED entries)."""
    return {line.split()[1] for line in _private_headers(elf).splitlines() if line.strip().startswith("NEEDED")}


def glibc_floor(folder: Path) -> str:
    """The newest GLIBC_x.y symbol version any file of the bundle asks for: the .deb's libc6 (>= x.y)."""
    newest = (2, 17)
    for elf in _elf_files(folder):
        for major, minor in re.findall(r"\bGLIBC_(\d+)\.(\d+)\b", _private_headers(elf)):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def system_libraries(folder: Path) -> dict[str, Path]:
    """Shared libraries the bundle takes from the system (name: path); fails when one is found nowhere.

    The bootloader puts _internal/ on the library path, so ldd runs with it too.
    """
    internal = folder / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    found: dict[str, Path] = {}
    missing: dict[str, str] = {}
    for elf in _elf_files(folder):
        result = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env)
        direct = needed_libraries(elf)
        for line in result.stdout.splitlines():
            name, _, target = line.strip().partition(" => ")
            if name not in direct:
                continue  # ldd also lists what system libraries need: their packages depend on it
            if target.startswith("not found"):
                if name not in OPTIONAL_LIBRARIES:
                    missing.setdefault(name, str(elf.relative_to(folder)))
            elif target.startswith("/"):
                path = Path(target.split(" (", 1)[0])
                if not path.resolve().is_relative_to(folder.resolve()):
                    found[name] = path
    if missing:
        name, user = next(iter(sorted(missing.items())))
        raise BuildError(
            f"the bundle needs {name} (for {user}) and it is found nowhere: "
            f"{len(missing)} libraries missing; install them or keep them in the spec"
        )
    return found


def debian_packages(libraries: Iterable[Path]) -> set[str]:
    """The Debian packages that own these files (dpkg -S), without the architecture suffix."""
    packages: set[str] = set()
    for library in sorted(libraries):
        candidates = {str(library), str(library.resolve())}
        # merged /usr: dpkg may know /lib/... while ldd said /usr/lib/... (or the reverse)
        for text in list(candidates):
            if text.startswith("/usr/lib/"):
                candidates.add(text[4:])
            elif text.startswith("/lib/"):
                candidates.add("/usr" + text)
        for candidate in sorted(candidates):
            result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if result.returncode == 0:
                packages.add(result.stdout.split(":", 1)[0].split(",")[0].strip())
                break
    return packages


def drop_build_machine_runpaths(folder: Path) -> list[Path]:
    """Remove library search paths that name the build machine (pyenv's Python: /root/.pyenv/.../lib).

    Only ``$ORIGIN``-relative entries (inside the bundle) are kept; returns the files changed.
    """
    patchelf = require_tool("patchelf", "it removes the build machine's library paths (apt-get install patchelf)")
    changed = []
    for elf in _elf_files(folder):
        if elf.parent == folder:
            continue  # the program itself: PyInstaller's bootloader with its archive appended, never edited
        found = re.search(r"^\s*(?:RUNPATH|RPATH)\s+(\S+)", _private_headers(elf), re.M)
        if found is None:
            continue
        entries = found.group(1).split(":")
        kept = [entry for entry in entries if entry.startswith(("$ORIGIN", "${ORIGIN}"))]
        if kept == entries:
            continue
        mode = elf.stat().st_mode
        elf.chmod(mode | 0o200)
        run([patchelf, "--set-rpath", ":".join(kept), str(elf)] if kept else [patchelf, "--remove-rpath", str(elf)])
        elf.chmod(mode)
        changed.append(elf)
    return changed


def desktop_entry() -> str:
    fr, en = translator("fr"), translator("en")
    values = {}
    for key in ("generic_name", "comment", "keywords"):
        values[f"{key.upper()}_EN"] = en(f"about.desktop.{key}")
        values[f"{key.upper()}_FR"] = fr(f"about.desktop.{key}")
    return fill(PACKAGING / "linux" / "evidence-kit.desktop.in", values)


LIB_DIR = Path("usr", "lib", NAME)  # where the .deb puts the program (Debian: not /opt)


def _normalise_modes(folder: Path) -> None:
    """Modes that do not depend on the build machine's umask: 755 for folders and programs, 644 otherwise.

    Shared libraries and Python extensions are not programs (Debian: shared-library-is-executable).
    """
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        program = os.access(path, os.X_OK) and ".so" not in path.name
        path.chmod(0o755 if path.is_dir() or program else 0o644)


def changelog_entry(version: str) -> tuple[str, str, str]:
    """packaging/linux/changelog's newest entry: (the package version, the text, its author).

    The package version is ``version`` (pyproject.toml's) with a Debian revision: ``0.1.0-1``.
    """
    text = (PACKAGING / "linux" / "changelog").read_text(encoding="utf-8")
    head = re.match(rf"{NAME} \(([^)]+)\) ", text)
    found = head.group(1) if head else "none"
    if not re.fullmatch(rf"{re.escape(version)}-\d+", found):
        raise BuildError(
            f"packaging/linux/changelog starts with version {found}, not {version}-N: "
            f"add an entry for {version}-1 on top"
        )
    author = re.search(r"^ -- (.+?)  ", text, re.M)
    if author is None:
        raise BuildError("packaging/linux/changelog: the newest entry has no ' -- Name <address>  date' line")
    return found, text, author.group(1)


def _gzip_reproducibly(text: str, out: Path) -> None:
    import gzip

    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
        gz.write(text.encode("utf-8"))


def _md5sums(stage: Path) -> str:
    lines = []
    for path in sorted(stage.rglob("*")):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.relative_to(stage).parts[:1]:
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {path.relative_to(stage).as_posix()}")
    return "\n".join(lines) + "\n"


def stage_deb(bundle: Bundle, meta: Project, stage: Path) -> tuple[str, str]:
    """Lay the package's files out in ``stage``; returns the package version and its maintainer (the changelog's)."""
    version, changelog, maintainer = changelog_entry(meta.version)
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(bundle.folder, stage / LIB_DIR, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    # Relative inside /usr (Debian policy 10.5), so the package also runs unpacked elsewhere (dpkg -x).
    (stage / "usr" / "bin" / NAME).symlink_to(Path("..", "lib", NAME, NAME))
    applications = stage / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{NAME}.desktop").write_text(desktop_entry(), encoding="utf-8")
    hicolor = stage / "usr" / "share" / "icons" / "hicolor"
    for size in HICOLOR_SIZES:
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copyfile(icon_png(size), target / f"{NAME}.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(ROOT / "resources" / "icons" / "evidence-kit.svg", hicolor / "scalable" / "apps" / f"{NAME}.svg")
    doc = stage / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    shutil.copyfile(PACKAGING / "linux" / "copyright", doc / "copyright")
    _gzip_reproducibly(changelog, doc / "changelog.Debian.gz")
    man = stage / "usr" / "share" / "man" / "man1"
    man.mkdir(parents=True)
    _gzip_reproducibly((PACKAGING / "linux" / f"{NAME}.1").read_text(encoding="utf-8"), man / f"{NAME}.1.gz")
    overrides = stage / "usr" / "share" / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copyfile(PACKAGING / "linux" / "lintian-overrides", overrides / NAME)
    _normalise_modes(stage)
    return version, maintainer


def build_deb(bundle: Bundle, meta: Project, dist: Path, work: Path, fast: bool = False) -> Path:
    dpkg_deb = require_tool("dpkg-deb", "it builds the .deb (apt-get install dpkg)")
    require_tool("ldd", "it lists the system libraries the .deb depends on (apt-get install libc-bin)")
    require_tool("dpkg", "it finds the packages that provide those libraries")
    require_tool("objdump", "it reads which libraries each file links to (apt-get install binutils)")
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    stage = work / "deb"
    version, maintainer = stage_deb(bundle, meta, stage)

    libraries = system_libraries(bundle.folder)
    optional = {name: path for name, path in libraries.items() if name in OPTIONAL_LIBRARIES}
    recommends = sorted(debian_packages(optional.values()) or set(OPTIONAL_LIBRARIES.values()))
    required = [path for name, path in libraries.items() if name not in OPTIONAL_LIBRARIES]
    depends = sorted((set(XCB_DEPENDS) | debian_packages(required)) - set(recommends) - {"libc6"})
    depends.insert(0, f"libc6 (>= {glibc_floor(bundle.folder)})")
    installed_kib = (tree_size(stage) + 1023) // 1024
    control = "\n".join(
        [
            f"Package: {NAME}",
            f"Version: {version}",
            f"Architecture: {arch}",
            f"Maintainer: {maintainer}",
            f"Installed-Size: {installed_kib}",
            f"Depends: {', '.join(depends)}",
            f"Recommends: {', '.join(recommends)}",
            "Section: utils",
            "Priority: optional",
            f"Description: {DISPLAY_NAME}: keep online threats as sealed, encrypted evidence",
            " Keeps screenshots and messages as evidence, encrypted on this computer,",
            " helps report the accounts in the right order, and prepares a sealed,",
            " encrypted PDF dossier for the police or a helpline. Works offline.",
            "",
        ]
    )
    (stage / "DEBIAN").mkdir()
    (stage / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    (stage / "DEBIAN" / "md5sums").write_text(_md5sums(stage), encoding="utf-8")
    for path in (stage / "DEBIAN").iterdir():
        path.chmod(0o644)
    (stage / "DEBIAN").chmod(0o755)
    out = dist / f"{NAME}_{version}_{arch}.deb"
    print("Packing the .deb…", flush=True)
    # xz: the smallest package (about 3 minutes here); gzip -1 for test builds (seconds). Not zstd:
    # Debian's own archive and lintian accept only gzip, xz (and bzip2, lzma) inside a .deb.
    compression = ["-Zgzip", "-z1"] if fast else ["-Zxz", "-z6"]
    run([dpkg_deb, "--root-owner-group", *compression, "--build", str(stage), str(out)], work / "dpkg-deb.log")
    shutil.rmtree(stage, ignore_errors=True)
    return out


def build_tarball(bundle: Bundle, meta: Project, dist: Path, fast: bool = False) -> Path:
    machine = platform.machine().lower() or "unknown"
    out = dist / f"{NAME}-{meta.version}-linux-{machine}.tar.gz"
    top = f"{NAME}-{meta.version}"

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    print("Packing the .tar.gz…", flush=True)
    with tarfile.open(out, "w:gz", compresslevel=1 if fast else 6) as archive:
        archive.add(bundle.folder, arcname=top, filter=owned_by_root)
        archive.add(
            ROOT / "resources" / "icons" / "evidence-kit-256.png",
            arcname=f"{top}/evidence-kit.png",
            filter=owned_by_root,
        )
    return out


# --- Windows ---------------------------------------------------------------------


def build_windows(bundle: Bundle, meta: Project, dist: Path, work: Path) -> list[Made]:
    defines = {
        "AppVersion": meta.version,
        "BundleDir": str(bundle.folder),
        "IconFile": str(work / "icons" / "evidence-kit.ico"),
        "OutputDir": str(dist),
    }
    script = dist / f"{NAME}-{meta.version}.iss"
    header = "".join(f'#define {key} "{value}"\n' for key, value in defines.items())
    script.write_text(
        header + (PACKAGING / "windows" / "evidence-kit.iss").read_text(encoding="utf-8"), encoding="utf-8"
    )
    made = [Made(script, "Inno Setup script")]
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"
    if not iscc and default.is_file():
        iscc = str(default)
    if not iscc:
        print("Inno Setup (iscc) not found: the script was written, the installer was not compiled.")
        return made
    print("Compiling the installer with Inno Setup…", flush=True)
    run([iscc, "/Q", str(script)], work / "iscc.log")
    made.append(Made(dist / f"{NAME}-{meta.version}-windows-setup.exe", "Windows installer"))
    return made


def zip_folder(folder: Path, out: Path) -> Path:
    base = shutil.make_archive(str(out.with_suffix("")), "zip", folder.parent, folder.name)
    return Path(base)


# --- macOS -----------------------------------------------------------------------


def _strings_file(entries: dict[str, str]) -> bytes:
    lines = []
    for key, value in entries.items():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'"{key}" = "{escaped}";')
    return ("\n".join(lines) + "\n").encode("utf-16")  # the encoding macOS documents for .strings


def finish_app(app: Path) -> None:
    """Localised permission texts: macOS shows the one in the person's language."""
    resources = app / "Contents" / "Resources"
    for lang in ("fr", "en"):
        folder = resources / f"{lang}.lproj"
        folder.mkdir(parents=True, exist_ok=True)
        text = translator(lang)("about.macos.screen_capture")
        (folder / "InfoPlist.strings").write_bytes(
            _strings_file({"NSScreenCaptureUsageDescription": text, "CFBundleDisplayName": DISPLAY_NAME})
        )
    info = plistlib.loads((app / "Contents" / "Info.plist").read_bytes())
    if not info.get("NSScreenCaptureUsageDescription"):
        raise BuildError("the .app's Info.plist has no NSScreenCaptureUsageDescription")


def build_macos(bundle: Bundle, meta: Project, dist: Path, work: Path) -> list[Made]:
    if bundle.app is None:
        raise BuildError("PyInstaller made no .app")
    finish_app(bundle.app)
    made = [Made(bundle.app, "macOS application")]
    hdiutil = shutil.which("hdiutil")
    if not hdiutil:
        print("hdiutil not found: the .app was made, the .dmg was not.")
        return made
    stage = work / "dmg"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    shutil.copytree(bundle.app, stage / bundle.app.name, symlinks=True)
    (stage / "Applications").symlink_to("/Applications")
    out = dist / f"{NAME}-{meta.version}-macos.dmg"
    out.unlink(missing_ok=True)
    print("Making the .dmg…", flush=True)
    run(
        [hdiutil, "create", "-volname", DISPLAY_NAME, "-srcfolder", str(stage), "-ov", "-format", "UDZO", str(out)],
        work / "hdiutil.log",
    )
    shutil.rmtree(stage, ignore_errors=True)
    made.append(Made(out, "disk image"))
    return made


# --- main ------------------------------------------------------------------------


def check_tools(meta: Project) -> None:
    """Fail before the long freeze when a required tool is missing."""
    require_pyinstaller(meta)
    if sys.platform.startswith("linux"):
        require_tool("dpkg-deb", "it builds the .deb (apt-get install dpkg)")
        require_tool("ldd", "it lists the system libraries the .deb depends on (apt-get install libc-bin)")
        require_tool("strip", "it makes the bundle smaller (apt-get install binutils)")
        require_tool("objdump", "PyInstaller reads library dependencies with it (apt-get install binutils)")
        require_tool("patchelf", "it removes the build machine's library paths (apt-get install patchelf)")


def reuse_bundle(dist: Path, work: Path) -> Bundle:
    """The program folder a previous run froze into ``dist`` (to rebuild the packages around it quickly)."""
    folder, report = dist / NAME, work / "bundle-sizes.json"
    if not folder.is_dir() or not report.is_file():
        raise BuildError(f"--reuse-bundle: no earlier build in {folder} (with {report}); build once without it")
    sizes = json.loads(report.read_text(encoding="utf-8"))
    app = dist / f"{DISPLAY_NAME}.app"
    return Bundle(
        folder, app if app.is_dir() else None, sizes["collected_bytes"], sizes["kept_bytes"], tree_size(folder)
    )


def build(dist: Path, work: Path, clean: bool = False, fast: bool = False, reuse: bool = False) -> list[Made]:
    meta = project()
    check_tools(meta)
    if sys.platform.startswith("linux"):
        changelog_entry(meta.version)  # before the long freeze
    dist.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    bundle = reuse_bundle(dist, work) if reuse else freeze(meta, dist, work, clean)
    if sys.platform.startswith("linux"):
        drop_build_machine_runpaths(bundle.folder)
    print(
        f"Bundle: {megabytes(bundle.collected_bytes)} collected by PyInstaller, "
        f"{megabytes(bundle.kept_bytes)} after dropping unused Qt parts, "
        f"{megabytes(bundle.final_bytes)} on disk after stripping "
        f"({time.monotonic() - started:.0f} s).",
        flush=True,
    )
    made = [Made(bundle.folder, "program folder")]
    if sys.platform.startswith("linux"):
        made.append(Made(build_deb(bundle, meta, dist, work, fast), "Debian package"))
        made.append(Made(build_tarball(bundle, meta, dist, fast), "archive of the program folder"))
    elif sys.platform == "win32":
        made += build_windows(bundle, meta, dist, work)
        made.append(Made(zip_folder(bundle.folder, dist / f"{NAME}-{meta.version}-windows.zip"), "zip archive"))
    elif sys.platform == "darwin":
        made += build_macos(bundle, meta, dist, work)
    else:
        raise BuildError(f"no installer for {sys.platform}: the program folder is in {bundle.folder}")
    return made


def report(made: list[Made], dist: Path) -> None:
    print("\nMade:")
    sums = []
    for item in made:
        if item.path.is_file():
            digest = sha256(item.path)
            sums.append(f"{digest}  {item.path.name}")
            print(f"  {item.path}  ({item.what}, {megabytes(item.path.stat().st_size)})\n    sha256 {digest}")
        else:
            print(f"  {item.path}{os.sep}  ({item.what}, {megabytes(tree_size(item.path))})")
    if sums:
        (dist / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
        print(f"  {dist / 'SHA256SUMS'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the program and installers go")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's working folder")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--fast", action="store_true", help="quick compression (tests): larger packages, same content")
    parser.add_argument(
        "--reuse-bundle",
        action="store_true",
        help="skip the freeze: package the program folder an earlier run left in --dist (same --work)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        made = build(args.dist.resolve(), args.work.resolve(), args.clean, args.fast, args.reuse_bundle)
    except BuildError as exc:
        print(f"build_installer: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("build_installer: interrupted", file=sys.stderr)
        return 1
    report(made, args.dist.resolve())
    print(f"Done in {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
