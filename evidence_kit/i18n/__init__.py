"""One set of message catalogs for everything a person or a recipient reads, in French and English.

Catalogs are TOML files in ``resources/i18n/`` (one per area: core, cli, gui,
dossier, knowledge, guidance, chat).  A message is a table with an ``en`` and
an ``fr`` entry::

    [error.wrong_passphrase]
    en = "The passphrase is wrong."
    fr = "La phrase de passe est incorrecte."

An entry may depend on who is using the program (``tu``: the victim,
``vous``: someone helping them) and on a count (``one`` / ``other``)::

    [capture.items]
    en.one = "{n} item"
    en.other = "{n} items"
    fr.tu.one = "{n} élément"      # register first, then plural
    fr.tu.other = "{n} éléments"
    fr.vous.one = "{n} élément"
    fr.vous.other = "{n} éléments"

Placeholders use ``str.format`` syntax; every variant of a message must use
the same placeholders (a test checks it).
"""

from __future__ import annotations

import locale
import logging
import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from evidence_kit.resources_path import resource

log = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_REGISTERS = ("tu", "vous")
_PLURALS = ("one", "other")


class Register(StrEnum):
    """Who reads the text: the victim ("tu") or someone helping them ("vous")."""

    VICTIM = "tu"
    HELPER = "vous"


MessageValue = str | Mapping[str, Any]


def _is_message(table: Mapping[str, Any]) -> bool:
    return any(lang in table for lang in LANGUAGES)


def _flatten(prefix: str, table: Mapping[str, Any], out: dict[str, Mapping[str, Any]]) -> None:
    if _is_message(table):
        out[prefix] = table
        return
    for key, value in table.items():
        if isinstance(value, Mapping):
            _flatten(f"{prefix}.{key}" if prefix else key, value, out)
        else:
            raise ValueError(f"catalog entry {prefix}.{key} is not a message table")


@dataclass(frozen=True)
class Catalog:
    messages: Mapping[str, Mapping[str, Any]]

    @classmethod
    def load(cls, folder: Path | None = None) -> Catalog:
        folder = folder or resource("i18n")
        messages: dict[str, Mapping[str, Any]] = {}
        for path in sorted(folder.glob("*.toml")):
            with path.open("rb") as handle:
                data = tomllib.load(handle)
            found: dict[str, Mapping[str, Any]] = {}
            _flatten("", data, found)
            duplicates = set(found) & set(messages)
            if duplicates:
                raise ValueError(f"{path.name}: keys defined twice: {sorted(duplicates)}")
            messages.update(found)
        return cls(messages)

    def __contains__(self, key: object) -> bool:
        return key in self.messages

    def variants(self, key: str) -> Iterator[tuple[str, str]]:
        """Every (label, text) of a message, for completeness checks."""

        def walk(label: str, value: Any) -> Iterator[tuple[str, str]]:
            if isinstance(value, str):
                yield label, value
            elif isinstance(value, Mapping):
                for sub, inner in value.items():
                    yield from walk(f"{label}.{sub}", inner)

        for lang, value in self.messages[key].items():
            yield from walk(lang, value)


@cache
def default_catalog() -> Catalog:
    return Catalog.load()


def plural_category(lang: str, n: int | float) -> str:
    # French treats 0 and 1 as singular; English only 1.
    if lang == "fr":
        return "one" if 0 <= n < 2 else "other"
    return "one" if n == 1 else "other"


class Translator:
    """Turns a message key into text for one language and one register."""

    def __init__(
        self,
        lang: str = DEFAULT_LANGUAGE,
        register: Register = Register.HELPER,
        catalog: Catalog | None = None,
    ) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}")
        self.lang = lang
        self.register = register
        self.catalog = catalog or default_catalog()

    def with_language(self, lang: str) -> Translator:
        return Translator(lang, self.register, self.catalog)

    def with_register(self, register: Register) -> Translator:
        return Translator(self.lang, register, self.catalog)

    def has(self, key: str) -> bool:
        return key in self.catalog

    def __call__(self, key: str, n: int | float | None = None, **params: Any) -> str:
        entry = self.catalog.messages.get(key)
        if entry is None:
            log.warning("missing message %s", key)
            return key
        value: Any = entry.get(self.lang, entry.get("en"))
        if isinstance(value, Mapping) and any(r in value for r in _REGISTERS):
            value = value.get(self.register.value, value.get("vous", value.get("tu")))
        if isinstance(value, Mapping):
            count = n if n is not None else params.get("n", 1)
            value = value.get(plural_category(self.lang, count), value.get("other"))
        if not isinstance(value, str):
            log.warning("malformed message %s", key)
            return key
        if n is not None:
            params.setdefault("n", n)
        try:
            return value.format(**params) if params else value
        except (KeyError, IndexError, ValueError):
            log.warning("message %s has placeholders that were not given", key)
            return value


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """French or English following the system; French when the system says nothing useful."""
    environ = os.environ if environ is None else environ
    explicit = environ.get("EVIDENCE_KIT_LANG", "")
    if explicit[:2] in LANGUAGES:
        return explicit[:2]
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = environ.get(var, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return "fr" if value.lower().startswith("fr") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    if code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE
