"""The window's message catalog, read in two steps so the first page appears sooner.

Parsing every TOML catalog takes tens of milliseconds, and the first page
(welcome, side panel, help strip) needs only the window's own file,
``gui.toml``.  ``startup_catalog()`` reads that file alone; the first message
it does not hold (a page built after the first paint, an error text…) brings
in the shared full catalog (``evidence_kit.i18n.default_catalog``), which
serves every later lookup.  The texts are the same either way: ``gui.toml``
is part of the full catalog.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from typing import Any

from evidence_kit.i18n import Catalog, default_catalog
from evidence_kit.resources_path import resource

FIRST_FILE = "gui.toml"


class _TwoStepMessages(Mapping[str, Mapping[str, Any]]):
    def __init__(self) -> None:
        self._first: dict[str, Mapping[str, Any]] | None = None
        self._all: Mapping[str, Mapping[str, Any]] | None = None

    @property
    def complete(self) -> bool:
        return self._all is not None

    def _first_part(self) -> dict[str, Mapping[str, Any]]:
        if self._first is None:
            found: dict[str, Mapping[str, Any]] = {}
            try:
                with resource("i18n", FIRST_FILE).open("rb") as handle:
                    data = tomllib.load(handle)
                _flatten("", data, found)
            except (OSError, ValueError):
                found = {}  # the full catalog below reports what is wrong with the file
            self._first = found
        return self._first

    def _everything(self) -> Mapping[str, Mapping[str, Any]]:
        if self._all is None:
            self._all = default_catalog().messages
        return self._all

    def __getitem__(self, key: str) -> Mapping[str, Any]:
        if self._all is None:
            found = self._first_part().get(key)
            if found is not None:
                return found
        return self._everything()[key]

    def __contains__(self, key: object) -> bool:
        if self._all is None and isinstance(key, str) and key in self._first_part():
            return True
        return key in self._everything()

    def __iter__(self) -> Iterator[str]:
        return iter(self._everything())

    def __len__(self) -> int:
        return len(self._everything())


def _flatten(prefix: str, table: Mapping[str, Any], out: dict[str, Mapping[str, Any]]) -> None:
    """Same reading as the full catalog: a table with a language entry is one message."""
    if any(lang in table for lang in ("fr", "en")):
        out[prefix] = table
        return
    for key, value in table.items():
        if isinstance(value, Mapping):
            _flatten(f"{prefix}.{key}" if prefix else key, value, out)


def startup_catalog() -> Catalog:
    """A catalog that reads ``gui.toml`` first and the other files only when a message needs them."""
    return Catalog(_TwoStepMessages())


def is_complete(catalog: Catalog) -> bool:
    """True once the full catalog has been read (always for an ordinary catalog)."""
    messages = catalog.messages
    return not isinstance(messages, _TwoStepMessages) or messages.complete
