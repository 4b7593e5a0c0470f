"""The phone's page: the files of ``resources/receiver`` and its texts in both languages from the catalogs."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from evidence_kit.core.errors import EvidenceKitError
from evidence_kit.i18n import LANGUAGES, Register, Translator
from evidence_kit.resources_path import resource

# Nothing from elsewhere: the page only talks to this receiver, and no other site may frame it.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}

# The page's texts: catalog keys under receiver.page.
PAGE_KEYS = (
    "title",
    "intro",
    "pick",
    "hint",
    "waiting",
    "sending",
    "checking",
    "intact",
    "duplicate",
    "error_mismatch",
    "error_network",
    "error_refused",
    "error_empty",
    "no_key",
    "summary",
)


PLURAL_KEYS = ("summary",)


def _plural_forms(t: Translator, key: str) -> dict[str, str]:
    """The unformatted one/other templates of a plural message, for the page's own formatting."""
    value: Any = t.catalog.messages[key].get(t.lang, t.catalog.messages[key].get("en"))
    if isinstance(value, dict) and t.register.value in value:
        value = value[t.register.value]
    if isinstance(value, str):
        return {"one": value, "other": value}
    return {"one": str(value.get("one", value.get("other"))), "other": str(value.get("other"))}


@cache
def _files() -> dict[str, tuple[bytes, str]]:
    root = resource("receiver")
    served: dict[str, tuple[bytes, str]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in _TYPES:
            served[path.relative_to(root).as_posix()] = (path.read_bytes(), _TYPES[path.suffix])
    return served


class PageAssets:
    """Serves the page; texts follow the phone's language (chosen in the page) and the session's register."""

    def __init__(self, register: Register = Register.HELPER) -> None:
        self._translators = {lang: Translator(lang, register) for lang in LANGUAGES}

    def asset(self, sub: str) -> tuple[bytes, str] | None:
        name = sub or "index.html"
        return _files().get(name)

    def texts(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for lang, t in self._translators.items():
            out[lang] = {key: t(f"receiver.page.{key}") for key in PAGE_KEYS if key not in PLURAL_KEYS}
            for key in PLURAL_KEYS:  # the page picks the form by count, as evidence_kit.i18n does
                out[lang][key] = _plural_forms(t, f"receiver.page.{key}")
        return out

    def html(self, accept_language: str) -> bytes:
        template = _files()["index.html"][0].decode("utf-8")
        lang = "fr" if accept_language.strip().lower().startswith("fr") else "en"
        strings = json.dumps(self.texts(), ensure_ascii=False).replace("<", "\\u003c")
        return template.replace("{{LANG}}", lang).replace("{{STRINGS}}", strings).encode("utf-8")

    def error_texts(self, error: EvidenceKitError | None) -> dict[str, str]:
        if error is None:
            return {lang: t("receiver.page.error_refused") for lang, t in self._translators.items()}
        return {lang: error.message(t) for lang, t in self._translators.items()}


def resources_root() -> Path:
    return resource("receiver")
