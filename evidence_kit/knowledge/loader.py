"""Reads and validates the TOML files of ``resources/knowledge`` into knowledge records.

The schema is documented in ``resources/knowledge/SCHEMA.md``; this module is
its executable form: any file that breaks it raises ``KnowledgeDataError``
naming the file and the field, so bad data never reaches a page half-read.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

from evidence_kit.knowledge.model import (
    LANGS,
    Anonymity,
    Audience,
    Confidence,
    Contact,
    ContactKind,
    Helpline,
    HelplineRole,
    IdentifierHint,
    IdentifierKind,
    KnowledgeDataError,
    Link,
    Localized,
    LocalizedSteps,
    PlatformInfo,
    PlatformKind,
    Source,
)
from evidence_kit.resources_path import resource

E = TypeVar("E", bound=StrEnum)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
REGION_PATTERN = re.compile(r"^(global|[A-Z]{2}(-[A-Z]{2})?)$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_PHONE = re.compile(r"^\+?[0-9]{2,15}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")

PLATFORM_FIELDS = {
    "id", "name", "kind", "report_links", "report_steps", "block_steps", "side_effects", "privacy_settings",
    "identifiers", "note", "confidence", "uncertain", "sources", "last_verified",
}  # fmt: skip
PLATFORM_UNCERTAIN = {"report_links", "report_steps", "block_steps", "side_effects", "privacy_settings", "identifiers"}
HELPLINE_FIELDS = {
    "id", "name", "role", "audience", "contacts", "description", "can_do", "hours", "anonymity", "free",
    "eligibility", "needs", "confidence", "uncertain", "sources", "last_verified", "urgent",
}  # fmt: skip
HELPLINE_UNCERTAIN = {"contacts", "hours", "anonymity", "free", "can_do", "eligibility", "needs", "description"}


def is_https_url(url: str) -> bool:
    """A well-formed https URL with a real host name (no IP, no user info, no spaces)."""
    if not isinstance(url, str) or any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and parts.username is None
        and parts.port is None
        and bool(_HOST.match(parts.hostname or ""))
        and parts.netloc == (parts.hostname or "")
    )


class _Reader:
    """Checks one table of one file and reports problems as ``file: field: problem``."""

    def __init__(self, origin: str, table: Mapping[str, Any], allowed: set[str]) -> None:
        self.origin = origin
        self.table = table
        unknown = set(table) - allowed
        if unknown:
            self.fail(", ".join(sorted(unknown)), "unknown field")

    def fail(self, name: str, problem: str) -> NoReturn:
        raise KnowledgeDataError(origin=self.origin, field=name, problem=problem)

    def has(self, name: str) -> bool:
        return name in self.table

    def text(self, name: str, required: bool = True) -> str:
        value = self.table.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(name, "a non-empty text is required")
        return str(value)

    def choice(self, name: str, enum: type[E], default: E | None = None) -> E:
        value = self.table.get(name)
        if value is None and default is not None:
            return default
        if isinstance(value, str) and value in {e.value for e in enum}:
            return enum(value)
        self.fail(name, f"must be one of {[e.value for e in enum]}")

    def flag(self, name: str) -> bool | None:
        value = self.table.get(name)
        if value is not None and not isinstance(value, bool):
            self.fail(name, "must be true or false")
        return value

    def localized(self, name: str, required: bool = True, value: Any = None) -> Localized | None:
        value = self.table.get(name) if value is None else value
        if value is None and not required:
            return None
        if not isinstance(value, Mapping) or set(value) != set(LANGS):
            self.fail(name, "needs exactly an 'fr' and an 'en' text")
        texts = {lang: value[lang] for lang in LANGS}
        for lang, text in texts.items():
            if not isinstance(text, str) or not text.strip():
                self.fail(f"{name}.{lang}", "a non-empty text is required")
        return Localized(fr=texts["fr"], en=texts["en"])

    def localized_list(self, name: str) -> tuple[Localized, ...]:
        value = self.table.get(name, [])
        if not isinstance(value, list):
            self.fail(name, "must be a list of {fr, en} texts")
        found = []
        for index, entry in enumerate(value):
            text = self.localized(f"{name}[{index}]", value=entry)
            assert text is not None
            found.append(text)
        return tuple(found)

    def steps(self, name: str) -> LocalizedSteps:
        value = self.table.get(name)
        if value is None:
            return LocalizedSteps()
        if not isinstance(value, Mapping) or set(value) != set(LANGS):
            self.fail(name, "needs exactly an 'fr' and an 'en' list of steps")
        lists = {lang: value[lang] for lang in LANGS}
        for lang, steps in lists.items():
            if not isinstance(steps, list) or not steps or not all(isinstance(s, str) and s.strip() for s in steps):
                self.fail(f"{name}.{lang}", "must be a non-empty list of non-empty texts")
        if len(lists["fr"]) != len(lists["en"]):
            self.fail(name, "French and English must have the same number of steps")
        return LocalizedSteps(fr=tuple(lists["fr"]), en=tuple(lists["en"]))

    def tables(self, name: str, required: bool = False) -> list[Mapping[str, Any]]:
        value = self.table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.fail(name, "must be a list of tables")
        if required and not value:
            self.fail(name, "at least one entry is required")
        return list(value)

    def names(self, name: str, allowed: set[str]) -> frozenset[str]:
        value = self.table.get(name, [])
        if not isinstance(value, list) or not set(value) <= allowed:
            self.fail(name, f"must be a list of field names among {sorted(allowed)}")
        return frozenset(value)

    def day(self, name: str) -> str:
        value = self.table.get(name)
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            self.fail(name, "must be a date (YYYY-MM-DD)")

    def sources(self) -> tuple[Source, ...]:
        found = []
        for index, table in enumerate(self.tables("sources", required=True)):
            reader = _Reader(f"{self.origin}: sources[{index}]", table, {"url", "grade", "note"})
            url = reader.text("url")
            if not is_https_url(url):
                reader.fail("url", f"not a well-formed https URL: {url!r}")
            found.append(Source(url, reader.choice("grade", Confidence), reader.text("note", required=False)))
        return tuple(found)

    def identifier(self, value: str) -> str:
        if not ID_PATTERN.match(value):
            self.fail("id", "lower-case letters, digits, '-' or '_' only")
        return value


def _link(reader: _Reader, index: int, table: Mapping[str, Any]) -> Link:
    link = _Reader(f"{reader.origin}: report_links[{index}]", table, {"url", "label"})
    url = link.text("url")
    if not is_https_url(url):
        link.fail("url", f"not a well-formed https URL: {url!r}")
    label = link.localized("label")
    assert label is not None
    return Link(url, label)


def _identifier_hint(reader: _Reader, index: int, table: Mapping[str, Any]) -> IdentifierHint:
    hint = _Reader(f"{reader.origin}: identifiers[{index}]", table, {"kind", "how", "pattern"})
    pattern = hint.text("pattern", required=False)
    if pattern and not is_https_url(pattern.replace("{", "").replace("}", "")):
        hint.fail("pattern", "a profile URL pattern must be an https URL")
    how = hint.localized("how")
    assert how is not None
    return IdentifierHint(hint.choice("kind", IdentifierKind), how, pattern)


def parse_platform(origin: str, table: Mapping[str, Any]) -> PlatformInfo:
    """One platform table (a whole ``platforms/<id>.toml`` file) into a ``PlatformInfo``."""
    reader = _Reader(origin, table, PLATFORM_FIELDS)
    warnings = reader.localized_list("side_effects")
    return PlatformInfo(
        id=reader.identifier(reader.text("id")),
        name=reader.text("name"),
        kind=reader.choice("kind", PlatformKind),
        report_links=tuple(_link(reader, i, t) for i, t in enumerate(reader.tables("report_links"))),
        report_steps=reader.steps("report_steps"),
        block_steps=reader.steps("block_steps"),
        privacy_settings=reader.steps("privacy_settings"),
        side_effects=LocalizedSteps(fr=tuple(w.fr for w in warnings), en=tuple(w.en for w in warnings)),
        identifiers=tuple(_identifier_hint(reader, i, t) for i, t in enumerate(reader.tables("identifiers"))),
        note=reader.localized("note", required=False),
        confidence=reader.choice("confidence", Confidence),
        uncertain=reader.names("uncertain", PLATFORM_UNCERTAIN),
        sources=reader.sources(),
        last_verified=reader.day("last_verified"),
    )


def _contact(reader: _Reader, index: int, table: Mapping[str, Any]) -> Contact:
    entry = _Reader(f"{reader.origin}: contacts[{index}]", table, {"kind", "value", "url", "label"})
    kind = entry.choice("kind", ContactKind)
    value = entry.text("value")
    url = entry.text("url", required=False)
    checks: dict[str, Callable[[str], bool]] = {
        "https": is_https_url,
        "tel": lambda rest: bool(_PHONE.match(rest)),
        "sms": lambda rest: bool(_PHONE.match(rest)),
        "mailto": lambda rest: bool(_EMAIL.match(rest)),
    }
    if url:
        scheme, _, rest = url.partition(":")
        check = checks.get(scheme)
        if check is None or not check(url if scheme == "https" else rest):
            entry.fail("url", f"must be a well-formed https:, tel:, sms: or mailto: link, not {url!r}")
    elif kind != ContactKind.IN_PERSON:
        entry.fail("url", "every contact except in person needs a link")
    return Contact(kind, value, url, entry.localized("label", required=False))


def parse_helpline(origin: str, region: str, table: Mapping[str, Any]) -> Helpline:
    reader = _Reader(origin, table, HELPLINE_FIELDS)
    audience = table.get("audience")
    allowed = {a.value for a in Audience}
    if not isinstance(audience, list) or not audience or not set(audience) <= allowed:
        reader.fail("audience", f"a non-empty list among {sorted(allowed)}")
    name = reader.localized("name")
    description = reader.localized("description")
    assert name is not None and description is not None
    anonymity = reader.choice("anonymity", Anonymity, Anonymity.UNKNOWN)
    return Helpline(
        id=reader.identifier(reader.text("id")),
        region=region,
        name=name,
        role=reader.choice("role", HelplineRole),
        audience=frozenset(Audience(a) for a in audience),
        contacts=tuple(_contact(reader, i, t) for i, t in enumerate(reader.tables("contacts", required=True))),
        description=description,
        can_do=reader.localized_list("can_do"),
        hours=reader.localized("hours", required=False),
        anonymity=anonymity,
        free=reader.flag("free"),
        eligibility=reader.localized("eligibility", required=False),
        needs=reader.localized_list("needs"),
        confidence=reader.choice("confidence", Confidence),
        uncertain=reader.names("uncertain", HELPLINE_UNCERTAIN),
        sources=reader.sources(),
        last_verified=reader.day("last_verified"),
        urgent=bool(reader.flag("urgent")),
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise KnowledgeDataError(origin=path.name, field="-", problem=str(error)) from None


def knowledge_dir() -> Path:
    return resource("knowledge")


def load_platform_files(folder: Path | None = None) -> dict[str, PlatformInfo]:
    """Every ``platforms/<id>.toml`` (the file name is the id); the generic route is attached to each."""
    folder = folder or knowledge_dir()
    generic = load_generic_platform(folder)
    found: dict[str, PlatformInfo] = {}
    for path in sorted((folder / "platforms").glob("*.toml")):
        origin = f"platforms/{path.name}"
        info = parse_platform(origin, _read_toml(path))
        if info.id != path.stem:
            raise KnowledgeDataError(origin=origin, field="id", problem=f"must match the file name {path.stem!r}")
        found[info.id] = with_generic_steps(info, generic)
    if not found:
        raise KnowledgeDataError(origin="platforms/", field="-", problem="no platform files")
    return found


def with_generic_steps(info: PlatformInfo, generic: PlatformInfo) -> PlatformInfo:
    """``info`` with its unknown report, block and privacy steps taken from the generic route (and marked so)."""
    missing = [name for name in ("report_steps", "block_steps", "privacy_settings") if not getattr(info, name)]
    filled = {name: getattr(generic, name) for name in missing}
    return replace(info, generic_fields=frozenset(missing), **filled)


def load_generic_platform(folder: Path | None = None) -> PlatformInfo:
    """The route shown for a platform we know nothing about: steps only, never a link."""
    folder = folder or knowledge_dir()
    origin = "generic_platform.toml"
    info = parse_platform(origin, _read_toml(folder / origin))
    if info.report_links:
        raise KnowledgeDataError(origin=origin, field="report_links", problem="the generic route has no links")
    if not (info.report_steps and info.block_steps and info.privacy_settings):
        raise KnowledgeDataError(origin=origin, field="-", problem="report, block and privacy steps are required")
    return replace(info, known=False)


def load_helpline_files(folder: Path | None = None) -> list[Helpline]:
    """Every ``helplines/<region>.toml`` (the file name is the region), in file order."""
    folder = folder or knowledge_dir()
    found: list[Helpline] = []
    seen: set[str] = set()
    for path in sorted((folder / "helplines").glob("*.toml")):
        origin = f"helplines/{path.name}"
        region = path.stem
        if not REGION_PATTERN.match(region):
            raise KnowledgeDataError(origin=origin, field="-", problem="file name must be a region code or 'global'")
        data = _read_toml(path)
        if set(data) != {"service"} or not isinstance(data["service"], list):
            raise KnowledgeDataError(origin=origin, field="-", problem="only [[service]] tables are allowed")
        for index, table in enumerate(data["service"]):
            helpline = parse_helpline(f"{origin}: service[{index}]", region, table)
            if helpline.id in seen:
                raise KnowledgeDataError(origin=origin, field="id", problem=f"{helpline.id!r} is defined twice")
            seen.add(helpline.id)
            found.append(helpline)
    if not found:
        raise KnowledgeDataError(origin="helplines/", field="-", problem="no helpline files")
    return found
