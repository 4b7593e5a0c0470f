"""The knowledge data follows its schema: every file loads, every URL is https, every entry reads in both languages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from evidence_kit import knowledge
from evidence_kit.knowledge import loader
from evidence_kit.knowledge.model import (
    Confidence,
    ContactKind,
    KnowledgeDataError,
    localized_texts,
)
from evidence_kit.resources_path import resource

REFERENCE_PLATFORMS = {
    "facebook", "instagram", "whatsapp", "telegram", "tiktok", "snapchat", "tinder", "meetic", "adopteunmec",
    "badoo", "grindr", "disonsdemain",
}  # fmt: skip
REQUIRED_SERVICES = {
    "fr-3018", "fr-pharos", "fr-thesee", "fr-police", "fr-emergency", "be-child-focus", "ch-147", "ca-cyberaide",
    "takeitdown", "stopncii",
}  # fmt: skip
# "tu"/"vous" forms that must not appear in data texts (the data is written for both readers).
REGISTER_WORDS = re.compile(r"\b(tu|te|ton|ta|tes|toi|vous|votre|vos)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def platforms() -> list[knowledge.PlatformInfo]:
    return list(loader.load_platform_files().values())


@pytest.fixture(scope="module")
def helplines() -> list[knowledge.Helpline]:
    return loader.load_helpline_files()


def all_urls(platforms: list[knowledge.PlatformInfo], helplines: list[knowledge.Helpline]) -> list[str]:
    urls = []
    for platform in platforms:
        urls += [link.url for link in platform.report_links]
        urls += [source.url for source in platform.sources]
        urls += [hint.pattern.replace("{", "").replace("}", "") for hint in platform.identifiers if hint.pattern]
    for helpline in helplines:
        urls += [source.url for source in helpline.sources]
        urls += [c.url for c in helpline.contacts if c.url.startswith("https")]
    return urls


def test_every_platform_of_the_reference_is_there(platforms: list[knowledge.PlatformInfo]) -> None:
    assert {p.id for p in platforms} >= REFERENCE_PLATFORMS


def test_every_required_service_is_there(helplines: list[knowledge.Helpline]) -> None:
    assert {h.id for h in helplines} >= REQUIRED_SERVICES


def test_every_url_is_https_and_well_formed(platforms, helplines) -> None:
    urls = all_urls(platforms, helplines)
    assert len(urls) > 40
    for url in urls:
        assert loader.is_https_url(url), url


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/",
        "https://",
        "https://exa mple.org/",
        "https://user@example.org/",
        "https://example.org:8443/",
        "https://127.0.0.1/",
        "ftp://example.org/",
        "https://localhost/",
        "javascript:alert(1)",
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    assert not loader.is_https_url(url)


def test_every_platform_has_report_steps_in_both_languages(platforms) -> None:
    for platform in platforms:
        fr, en = platform.report_steps("fr"), platform.report_steps("en")
        assert fr and en, platform.id
        assert len(fr) == len(en), platform.id
        assert platform.block_steps("fr") and platform.block_steps("en"), platform.id


def test_platform_steps_of_its_own_are_the_ones_shown(platforms) -> None:
    whatsapp = knowledge.platform("whatsapp")
    assert any("5" in line for line in whatsapp.side_effects("en"))
    assert whatsapp.report_steps("fr") != knowledge.generic_platform().report_steps("fr")
    assert whatsapp.is_certain("report_steps")


def test_unknown_facts_fall_back_to_the_generic_route_without_links() -> None:
    adopte = knowledge.platform("adopteunmec")
    assert adopte.report_urls == []
    assert adopte.report_steps("fr") == knowledge.generic_platform().report_steps("fr")
    assert not adopte.is_certain("report_steps")
    unknown = knowledge.platform("Kik")
    assert not unknown.known and unknown.name == "Kik" and unknown.report_urls == []
    assert unknown.report_steps("en") == knowledge.generic_platform().report_steps("en")


def test_weak_sources_are_never_certain(platforms, helplines) -> None:
    for entry in [*platforms, *helplines]:
        if entry.confidence != Confidence.HIGH:
            for name in ("report_steps", "contacts", "hours"):
                assert not entry.is_certain(name), entry.id
    telegram = knowledge.platform("telegram")
    assert not telegram.is_certain("report_steps")


def test_every_helpline_has_a_contact_way_with_a_usable_link(helplines) -> None:
    for helpline in helplines:
        assert helpline.contacts, helpline.id
        for contact in helpline.contacts:
            if contact.kind != ContactKind.IN_PERSON:
                assert re.match(r"^(https://|tel:\+?\d+$|sms:\+?\d+$|mailto:)", contact.url), contact


def test_every_data_text_exists_in_french_and_english_and_fits_both_readers(platforms, helplines) -> None:
    texts = localized_texts([*platforms, knowledge.generic_platform(), *helplines])
    assert len(texts) > 150
    for text in texts:
        assert set(text) == {"fr", "en"}
        for value in text.values():
            assert value
        french = text["fr"] if isinstance(text["fr"], str) else " ".join(text["fr"])
        assert not REGISTER_WORDS.search(french), french


def test_every_entry_has_a_source_and_a_verification_date(platforms, helplines) -> None:
    for entry in [*platforms, *helplines]:
        assert entry.sources, entry.id
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.last_verified), entry.id


# --- the schema refuses broken data -------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(resource("knowledge"), copy)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "field"),
    [
        ("platforms/whatsapp.toml", "https://faq.whatsapp.com/", "http://faq.whatsapp.com/", "url"),
        ("platforms/whatsapp.toml", 'kind = "messaging"', 'kind = "chat"', "kind"),
        ("platforms/whatsapp.toml", 'en = ["On the same contact page', 'english = ["On the same contact page', "block"),
        ("platforms/whatsapp.toml", 'id = "whatsapp"', 'id = "whatsapp"\ncolour = "green"', "colour"),
        ("platforms/instagram.toml", '  "Choose \\"Report\\" and follow the questions.",\n', "", "report_steps"),
        ("platforms/facebook.toml", "last_verified = 2026-11-29", 'last_verified = "soon"', "last_verified"),
        ("helplines/FR.toml", 'url = "tel:3018"', 'url = "tel:30-18"', "url"),
        ("helplines/FR.toml", 'audience = ["minor", "parent"]', 'audience = ["child"]', "audience"),
        ("helplines/global.toml", 'role = "image_removal"', 'role = "magic"', "role"),
        ("helplines/CH.toml", 'fr = "147 (Pro Juventute)", ', "", "name"),
    ],
)
def test_schema_refuses_broken_files(data_copy: Path, file: str, old: str, new: str, field: str) -> None:
    _edit(data_copy / file, old, new)
    with pytest.raises(KnowledgeDataError) as caught:
        loader.load_platform_files(data_copy)
        loader.load_helpline_files(data_copy)
    assert field in caught.value.params["field"], caught.value.params
    assert caught.value.params["origin"].startswith(file.split("/")[0])


def test_a_helpline_without_contacts_is_refused(data_copy: Path) -> None:
    path = data_copy / "helplines" / "global.toml"
    text = path.read_text(encoding="utf-8")
    contact = '[[service.contacts]]\nkind = "web"\nvalue = "stopncii.org"\nurl = "https://stopncii.org/"\n'
    assert contact in text
    text = text.replace(contact, "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeDataError) as caught:
        loader.load_helpline_files(data_copy)
    assert caught.value.params["field"] == "contacts"


def test_a_link_in_the_generic_route_is_refused(data_copy: Path) -> None:
    with (data_copy / "generic_platform.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[report_links]]\nurl = "https://example.org/"\nlabel = { fr = "x", en = "x" }\n')
    with pytest.raises(KnowledgeDataError):
        loader.load_generic_platform(data_copy)


def test_a_data_error_reads_as_a_sentence_in_both_languages(data_copy: Path) -> None:
    from evidence_kit.i18n import Translator

    _edit(data_copy / "platforms" / "x.toml", 'kind = "social"', 'kind = "blog"')
    with pytest.raises(KnowledgeDataError) as caught:
        loader.load_platform_files(data_copy)
    for lang in ("fr", "en"):
        text = caught.value.message(Translator(lang))
        assert "platforms/x.toml" in text and "kind" in text and "{" not in text
