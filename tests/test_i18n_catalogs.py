"""Every text a person reads exists in French and English, with the same placeholders, registers and plurals.

Covers every catalog in ``resources/i18n`` and the texts kept in the
knowledge data files (``resources/knowledge``).  The checker is proved on
temporary broken catalogs: it must find each kind of fault.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from evidence_kit.i18n import LANGUAGES, Catalog
from evidence_kit.resources_path import resource

REGISTERS = {"tu", "vous"}
PLURALS = {"one", "other"}


def placeholders(text: str) -> frozenset[str]:
    """The field names of a ``str.format`` text; raises ValueError on unbalanced braces."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _variants(label: str, value: Any, problems: list[str]) -> list[tuple[str, str, bool]]:
    """(label, text, is_plural) of one language's value, noting every structural fault."""
    if isinstance(value, str):
        if not value.strip():
            problems.append(f"{label}: empty text")
        return [(label, value, False)]
    if not isinstance(value, Mapping):
        problems.append(f"{label}: neither a text nor a table")
        return []
    keys = set(value)
    if keys & REGISTERS:
        if keys != REGISTERS:
            problems.append(f"{label}: register variants must be exactly tu and vous, found {sorted(keys)}")
        found = []
        for register in sorted(keys & REGISTERS):
            inner = value[register]
            if isinstance(inner, Mapping) and set(inner) & REGISTERS:
                problems.append(f"{label}.{register}: registers inside registers")
            found += _variants(f"{label}.{register}", inner, problems)
        return found
    if keys & PLURALS:
        if keys != PLURALS:
            problems.append(f"{label}: plural forms must be exactly one and other, found {sorted(keys)}")
        found = []
        for form in sorted(keys & PLURALS):
            inner = value[form]
            if not isinstance(inner, str):
                problems.append(f"{label}.{form}: a plural form must be a text")
                continue
            found += [(label_, text, True) for label_, text, _ in _variants(f"{label}.{form}", inner, problems)]
        return found
    problems.append(f"{label}: unknown variant keys {sorted(keys)} (expected tu/vous or one/other)")
    return []


def message_problems(key: str, message: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    langs = set(message)
    for missing in sorted(set(LANGUAGES) - langs):
        problems.append(f"{key}: no {missing} translation")
    for extra in sorted(langs - set(LANGUAGES)):
        problems.append(f"{key}: unknown language {extra!r}")
    variants: list[tuple[str, str, bool]] = []
    plural_by_lang: dict[str, bool] = {}
    register_by_lang: dict[str, bool] = {}
    for lang in sorted(langs & set(LANGUAGES)):
        found = _variants(f"{key}.{lang}", message[lang], problems)
        variants += found
        plural_by_lang[lang] = any(is_plural for _, _, is_plural in found)
        register_by_lang[lang] = isinstance(message[lang], Mapping) and bool(set(message[lang]) & REGISTERS)
    if len(set(plural_by_lang.values())) > 1:
        problems.append(f"{key}: plural forms in one language but not in the other {plural_by_lang}")
    expected: frozenset[str] | None = None
    for label, text, _ in variants:
        try:
            names = placeholders(text)
        except ValueError as error:
            problems.append(f"{label}: broken braces ({error})")
            continue
        if expected is None:
            expected = names
        elif names != expected:
            problems.append(f"{label}: placeholders {sorted(names)} differ from {sorted(expected)}")
    return problems


def catalog_problems(folder: Path) -> list[str]:
    """Every fault of the catalogs in ``folder``; empty when they are complete."""
    try:
        catalog = Catalog.load(folder)
    except (ValueError, tomllib.TOMLDecodeError) as error:  # duplicate keys, a bad table, bad TOML
        return [f"catalogs do not load: {error}"]
    problems: list[str] = []
    for key, message in sorted(catalog.messages.items()):
        problems += message_problems(key, message)
    return problems


def test_catalog_folder_holds_the_areas() -> None:
    names = {path.stem for path in resource("i18n").glob("*.toml")}
    assert {"core", "cli", "knowledge", "guidance"} <= names


def test_every_catalog_message_is_complete_in_french_and_english() -> None:
    problems = catalog_problems(resource("i18n"))
    assert problems == [], "\n".join(problems)


def test_every_knowledge_data_text_has_both_languages_and_no_placeholders() -> None:
    from evidence_kit.knowledge import all_helplines, generic_platform, load_platforms
    from evidence_kit.knowledge.model import localized_texts

    texts = localized_texts([*load_platforms(), generic_platform(), *all_helplines()])
    assert texts
    for text in texts:
        assert set(text) == set(LANGUAGES), text
        for lang in LANGUAGES:
            value = text[lang]
            lines = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
            assert lines and all(line.strip() for line in lines), text
            # Data texts are shown as they are: a brace would be a forgotten placeholder.
            assert not any("{" in line or "}" in line for line in lines), text


# --- the checker finds each kind of fault ----------------------------------------------------------

GOOD = """
[demo.hello]
en = "Hello {name}."
fr = "Bonjour {name}."

[demo.items]
en.one = "{n} item"
en.other = "{n} items"
fr.tu.one = "{n} élément"
fr.tu.other = "{n} éléments"
fr.vous.one = "{n} élément"
fr.vous.other = "{n} éléments"

[demo.calm]
en.tu = "Breathe."
en.vous = "Take a breath."
fr.tu = "Respire."
fr.vous = "Respirez."
"""


def write_catalogs(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def test_checker_accepts_a_good_catalog(tmp_path: Path) -> None:
    assert catalog_problems(write_catalogs(tmp_path / "i18n", demo=GOOD)) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('fr = "Bonjour {name}."\n', "", "no fr translation"),
        ('en = "Hello {name}."\n', "", "no en translation"),
        ('fr = "Bonjour {name}."', 'fr = "Bonjour."', "placeholders"),
        ('fr = "Bonjour {name}."', 'fr = "Bonjour {nom}."', "placeholders"),
        ('fr = "Bonjour {name}."', 'fr = "Bonjour {name."', "broken braces"),
        ('fr.vous = "Respirez."\n', "", "exactly tu and vous"),
        ('fr.tu.other = "{n} éléments"\n', "", "exactly one and other"),
        ('fr.vous.other = "{n} éléments"', 'fr.vous.other = "éléments"', "placeholders"),
        ('en.one = "{n} item"\nen.other = "{n} items"', 'en = "{n} items"', "plural forms in one language"),
        ('en = "Hello {name}."', 'en = "Hello {name}."\nde = "Hallo {name}."', "unknown language"),
        ('fr.tu = "Respire."', 'fr.tu = "  "', "empty text"),
        ('fr.tu = "Respire."', 'fr.toi = "Respire."', "exactly tu and vous"),
    ],
)
def test_checker_finds_a_broken_catalog(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    folder = write_catalogs(tmp_path / "i18n", demo=GOOD.replace(old, new, 1))
    problems = catalog_problems(folder)
    assert any(expected in problem for problem in problems), problems


def test_checker_finds_a_key_defined_in_two_files(tmp_path: Path) -> None:
    folder = write_catalogs(
        tmp_path / "i18n", demo=GOOD, other='[demo.hello]\nen = "Hi {name}."\nfr = "Salut {name}."\n'
    )
    assert any("defined twice" in problem for problem in catalog_problems(folder))


def test_checker_finds_a_missing_translation_among_the_real_catalogs(tmp_path: Path) -> None:
    """A copy of the real catalogs with one French text removed fails, naming the message."""
    folder = tmp_path / "i18n"
    folder.mkdir()
    for path in resource("i18n").glob("*.toml"):
        (folder / path.name).write_bytes(path.read_bytes())
    knowledge = folder / "knowledge.toml"
    text = knowledge.read_text(encoding="utf-8")
    line = 'fr = "{text} (à vérifier)"\n'
    assert line in text
    knowledge.write_text(text.replace(line, ""), encoding="utf-8")
    problems = catalog_problems(folder)
    assert problems == [problem for problem in problems if problem.startswith("knowledge.to_check_mark")]
    assert problems == ["knowledge.to_check_mark: no fr translation"]
