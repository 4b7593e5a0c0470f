"""Shared fixtures: real cases in temporary folders, with cheap key derivation to keep tests fast."""

from __future__ import annotations

import os

# Before any Qt import: widget tests run without a screen unless a test starts Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EVIDENCE_KIT_LANG", "en")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import PASSPHRASE, png_bytes, run_cli, use_cheap_kdf  # noqa: F401 - also re-exported for older imports

from evidence_kit.core.case import Case
from evidence_kit.core.crypto import KdfParams

# Argon2id at test cost (8 MiB, 1 pass) for cases made in this process; child processes use helpers.CLI.
use_cheap_kdf()


@pytest.fixture(scope="session", autouse=True)
def _garbage_collected_in_main_thread() -> Iterator[None]:
    """As the program does (gui.workers.collect_garbage_in_gui_thread): no cyclic collection in worker
    threads, where destroying a previous test's Qt objects would crash Qt."""
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    import gc

    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own user data folder: what this computer has seen of each case (core.seen) is never
    the real user's, nor carried from one test to the next (the frozen fixture case is opened by many)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))
    # and its own settings: a language or voice chosen in one test's window is never the next one's.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config-home")))


@pytest.fixture
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Private HOME, data, config and temp folders, so leak tests can search them."""
    home = tmp_path / "home"
    for sub in ("", ".local/share", ".config", ".cache", "tmp"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TMPDIR", str(home / "tmp"))
    return home


@pytest.fixture
def new_case(tmp_path: Path) -> Iterator[tuple[Case, str]]:
    """An open, empty case and its recovery code."""
    case, code = Case.create(tmp_path / "case", PASSPHRASE, name="Test case", kdf=KdfParams.for_tests())
    yield case, code
    case.close()


@pytest.fixture
def case(new_case: tuple[Case, str]) -> Case:
    return new_case[0]


@pytest.fixture
def make_png(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(10_000))

    def make(name: str | None = None, **kwargs: object) -> Path:
        path = tmp_path / (name or f"picture-{next(counter)}.png")
        path.write_bytes(png_bytes(**kwargs))  # type: ignore[arg-type]
        return path

    return make
