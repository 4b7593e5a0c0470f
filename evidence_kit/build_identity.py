"""Which build this is: the program's version and the lock file its dependencies were installed from.

A dossier names both, so a recipient can tell exactly which build sealed it. The
lock file (``requirements/app.lock``, pinned versions with hashes) is found in a
source tree or inside a bundle; what is installed is compared with its pins, and
a difference is said, never hidden: a copy installed without the lock is not
claimed to be built from it.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evidence_kit.i18n import Translator

DISTRIBUTION = "evidence-kit"
_ROOT = Path(__file__).resolve().parent.parent
_PYPROJECT = _ROOT / "pyproject.toml"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?\s*$")


@cache
def app_version() -> str:
    """The version in pyproject.toml (a source tree), else the installed package's metadata (wheel, bundle)."""
    if _PYPROJECT.is_file():
        import tomllib

        try:
            project = tomllib.loads(_PYPROJECT.read_text(encoding="utf-8")).get("project", {})
            if project.get("name") == DISTRIBUTION and project.get("version"):
                return str(project["version"])
        except (OSError, ValueError):
            pass
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def lock_file() -> Path | None:
    """The program's lock file: inside a bundle's resources, else in the source tree."""
    from evidence_kit.resources_path import resources_dir

    candidates = [_ROOT / "requirements" / "app.lock"]
    with contextlib.suppress(FileNotFoundError):
        candidates.insert(0, resources_dir() / "requirements" / "app.lock")
    return next((path for path in candidates if path.is_file()), None)


def pinned_versions(text: str) -> dict[str, str]:
    """Name -> version of the pins that apply to this Python and system (environment markers evaluated)."""
    from packaging.markers import Marker

    pins: dict[str, str] = {}
    for line in text.splitlines():
        match = _PIN.match(line.strip())
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        pins[_canonical(name)] = version
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class BuildIdentity:
    version: str
    lock_sha256: str  # "" when no lock file ships with this copy
    differing: tuple[str, ...]  # installed packages whose version is not the lock's ("name version≠pin")

    @property
    def matches_lock(self) -> bool:
        return bool(self.lock_sha256) and not self.differing


@cache
def build_identity() -> BuildIdentity:
    from importlib import metadata

    path = lock_file()
    if path is None:
        return BuildIdentity(app_version(), "", ())
    data = path.read_bytes()
    differing = []
    for name, pinned in sorted(pinned_versions(data.decode("utf-8")).items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = ""
        if installed != pinned:
            differing.append(f"{name} {installed or '-'}≠{pinned}")
    return BuildIdentity(app_version(), hashlib.sha256(data).hexdigest(), tuple(differing))


def build_text(t: Translator | None = None) -> str:
    """The lock file the dependencies come from, and whether what is installed matches it."""
    if t is None:
        from evidence_kit.i18n import Translator

        t = Translator("en")
    identity = build_identity()
    if not identity.lock_sha256:
        return t("about.build.no_lock")
    if identity.matches_lock:
        return t("about.build.locked", sha256=identity.lock_sha256)
    return t(
        "about.build.differs",
        sha256=identity.lock_sha256,
        n=len(identity.differing),
        which=", ".join(identity.differing[:5]),
    )
