"""The knowledge API: country from the locale, helplines by country and audience, where to go next, lines, guidance."""

from __future__ import annotations

import pytest

from evidence_kit import knowledge
from evidence_kit.core.model import Stage
from evidence_kit.i18n import Register, Translator
from evidence_kit.knowledge import Audience, HelplineRole, Situation, present
from evidence_kit.knowledge.guidance import Topic, guidance, stages


@pytest.mark.parametrize(
    ("locale_name", "country"),
    [
        ("fr_FR.UTF-8", "FR"),
        ("fr_BE.UTF-8", "BE"),
        ("nl_BE", "BE"),
        ("de_CH.UTF-8", "CH"),
        ("fr-CH", "CH"),
        ("fr_CA.UTF-8", "CA-QC"),
        ("en_CA", "CA-QC"),
        ("fr_RE.UTF-8", "FR"),
        ("fr", "FR"),
        ("C", "FR"),
        ("", "FR"),
        (None, "FR"),
        ("en_US.UTF-8", "OTHER"),
        ("de_DE@euro", "OTHER"),
        ("en", "OTHER"),
    ],
)
def test_country_follows_the_locale(locale_name: str | None, country: str) -> None:
    assert knowledge.country_from_locale(locale_name) == country
    assert country in knowledge.SUPPORTED_COUNTRIES


def test_system_country_reads_the_environment_and_can_be_overridden() -> None:
    assert knowledge.system_country({"LANG": "fr_BE.UTF-8"}) == "BE"
    assert knowledge.system_country({"LC_ALL": "fr_CH.UTF-8", "LANG": "fr_FR.UTF-8"}) == "CH"
    assert knowledge.system_country({"EVIDENCE_KIT_COUNTRY": "ca", "LANG": "fr_FR.UTF-8"}) == "CA-QC"


def test_helplines_are_the_countrys_then_the_global_ones() -> None:
    for country, first in (("FR", "fr-3018"), ("BE", "be-child-focus"), ("CH", "ch-147"), ("CA-QC", "ca-cyberaide")):
        entries = knowledge.helplines(country)
        ids = [h.id for h in entries]
        assert ids[0] == first
        assert ids[-2:] == ["takeitdown", "stopncii"]
        assert all(h.region in (country, "global") for h in entries)
    assert [h.id for h in knowledge.helplines("OTHER")] == ["takeitdown", "stopncii"]
    assert [h.id for h in knowledge.helplines("ca")] == [h.id for h in knowledge.helplines("CA-QC")]


def test_helplines_filter_by_audience() -> None:
    minors = {h.id for h in knowledge.helplines("FR", audience=Audience.MINOR)}
    adults = {h.id for h in knowledge.helplines("FR", audience="adult")}
    assert "fr-3018" in minors and "fr-3018" not in adults
    assert "stopncii" in adults and "stopncii" not in minors
    assert "fr-thesee" in adults


def test_help_strip_shows_the_helpline_and_the_emergency_numbers() -> None:
    fr = Translator("fr")
    assert present.help_strip_line(knowledge.urgent_helplines("FR"), fr) == "3018 (e-Enfance) · En danger : 17 ou 112"
    en = Translator("en")
    belgium = present.help_strip_line(knowledge.urgent_helplines("BE"), en)
    assert belgium.count("116 000") == 1, belgium  # a number already in the helpline's name is not repeated
    assert "911" in present.help_strip_line(knowledge.urgent_helplines("CA-QC"), en)
    assert "147" in present.help_strip_line(knowledge.urgent_helplines("CH"), en)


def _roles(steps: list[knowledge.NextStep]) -> list[str]:
    return [step.helpline.role.value if step.helpline else step.reason_key for step in steps]


def test_where_to_go_for_a_minor_puts_the_helpline_first_and_the_emergency_last() -> None:
    steps = knowledge.where_to_go("FR", Situation(victim_is_minor=True))
    ids = [s.helpline.id for s in steps if s.helpline]
    assert ids[0] == "fr-3018"
    assert ids[1] == "takeitdown"
    assert "stopncii" not in ids
    assert steps[-1].helpline is not None and steps[-1].helpline.role == HelplineRole.EMERGENCY


def test_where_to_go_for_an_adult_puts_the_complaint_first_and_skips_the_youth_line() -> None:
    steps = knowledge.where_to_go("FR", Situation(victim_is_minor=False))
    ids = [s.helpline.id for s in steps if s.helpline]
    assert steps[0].helpline is not None and steps[0].helpline.role == HelplineRole.COMPLAINT
    assert "fr-thesee" in ids and "stopncii" in ids and "fr-3018" not in ids


def test_where_to_go_puts_the_image_service_of_the_victims_age_first() -> None:
    adult = [s.helpline.id for s in knowledge.where_to_go("CH", Situation(victim_is_minor=False)) if s.helpline]
    assert adult.index("stopncii") < adult.index("takeitdown")
    minor = [s.helpline.id for s in knowledge.where_to_go("CH", Situation(victim_is_minor=True)) if s.helpline]
    assert "stopncii" not in minor and "takeitdown" in minor


def test_a_place_with_its_own_reason_uses_it() -> None:
    steps = {s.helpline.id: s.reason_key for s in knowledge.where_to_go("FR", Situation()) if s.helpline}
    assert steps["fr-thesee"] == "knowledge.next.fr-thesee"
    assert steps["fr-police"] == "knowledge.next.complaint"
    victim = Translator("en", Register.VICTIM)
    assert "before you were 18" in victim(steps["takeitdown"])


def test_where_to_go_after_a_payment_starts_with_the_bank() -> None:
    steps = knowledge.where_to_go("BE", Situation(victim_is_minor=True, paid=True))
    assert steps[0].reason_key == "knowledge.next.paid" and steps[0].helpline is None
    assert steps[1].helpline is not None and steps[1].helpline.id == "be-child-focus"


def test_where_to_go_when_pictures_were_posted_puts_removal_before_the_complaint() -> None:
    roles = _roles(knowledge.where_to_go("FR", Situation(victim_is_minor=True, published=True)))
    assert roles.index("image_removal") < roles.index("report_content") < roles.index("complaint")


def test_where_to_go_from_another_country_starts_with_the_local_police() -> None:
    steps = knowledge.where_to_go("OTHER", Situation())
    assert steps[0].reason_key == "knowledge.next.local_police"
    assert {s.helpline.id for s in steps if s.helpline} == {"takeitdown", "stopncii"}


@pytest.mark.parametrize(
    ("country", "expected"),
    [("FR", ["3018", "PHAROS", "THESEE", "17"]), ("BE", ["116 000", "112"]), ("CA-QC", ["Cyberaide", "911"])],
)
@pytest.mark.parametrize("register", [Register.VICTIM, Register.HELPER])
def test_where_to_go_reads_for_a_french_a_belgian_and_a_quebec_user(
    country: str, expected: list[str], register: Register
) -> None:
    t = Translator("fr", register)
    lines = present.next_step_lines(knowledge.where_to_go(country, Situation()), t)
    text = "\n".join(
        f"{line.reason} {line.helpline.name} {line.helpline.reach} {line.helpline.hours}"
        for line in lines
        if line.helpline
    )
    for word in expected:
        assert word in text, (word, text)
    assert "{" not in text and "knowledge." not in text
    first_reason = lines[0].reason
    assert ("Parle " in first_reason) == (register == Register.VICTIM), first_reason
    for line in lines:
        if line.helpline:
            assert line.helpline.links or line.helpline.reach
            for _, href in line.helpline.links:
                assert href.startswith(("https://", "tel:", "sms:", "mailto:"))


def test_dossier_lines_are_name_and_one_sentence_in_the_recipients_language() -> None:
    lines = knowledge.dossier_helplines("CA-QC", "en")
    names = [name for name, _ in lines]
    assert names[0] == "Cybertip.ca"
    how = dict(lines)["Cybertip.ca"]
    assert "1-866-658-9022" in how and "anonymous" in how
    assert all(name and how for name, how in lines)
    assert knowledge.dossier_helplines("FR", "fr")[0][0] == "3018 (e-Enfance)"


def test_uncertain_facts_are_shown_without_an_editing_mark_and_flagged() -> None:
    for lang, mark in (("en", "to check"), ("fr", "vérifier")):
        t = Translator(lang)
        emergency = next(h for h in knowledge.helplines("BE") if h.id == "be-emergency")
        lines = present.helpline_lines(emergency, t)
        assert lines.to_check and "112" in lines.reach
        for helpline in knowledge.all_helplines():
            shown = present.helpline_lines(helpline, t)
            text = " ".join([shown.reach, shown.hours, *shown.can_do, *shown.needs])
            assert mark not in text.lower()


def test_a_dossier_lists_only_verified_facts() -> None:
    for country in knowledge.SUPPORTED_COUNTRIES:
        for lang in ("fr", "en"):
            lines = knowledge.dossier_helplines(country, lang)
            names = {name for name, _ in lines}
            for helpline in knowledge.helplines(country):
                name = helpline.name(lang)
                if not helpline.verified:
                    assert name not in names, (country, name)
            for name, how in lines:
                assert "vérifier" not in how and "to check" not in how
                helpline = next(h for h in knowledge.all_helplines() if h.name(lang) == name)
                if not helpline.is_certain("contacts"):
                    assert present.reach_line(helpline, Translator(lang)) not in how


def test_platform_lines_say_where_the_steps_come_from() -> None:
    t = Translator("en")
    whatsapp = present.platform_lines(knowledge.platform("whatsapp"), t)
    assert whatsapp.intro.startswith("Steps from WhatsApp's own help pages")
    assert whatsapp.links == [("WhatsApp help: report and block a contact", "https://faq.whatsapp.com/414631957536067")]
    assert "report_steps" not in whatsapp.to_check and "privacy_settings" in whatsapp.to_check
    telegram = present.platform_lines(knowledge.platform("telegram"), t)
    assert "less certain" in telegram.intro
    adopte = present.platform_lines(knowledge.platform("adopteunmec"), t)
    assert adopte.links == [] and "no checked steps" in adopte.intro and adopte.report_steps
    other = present.platform_lines(knowledge.platform("other"), Translator("fr"))
    assert not other.known and other.links == [] and other.report_steps


def test_platforms_are_sorted_and_findable_by_id() -> None:
    names = [p.name for p in knowledge.load_platforms()]
    assert names == sorted(names, key=str.casefold)
    assert knowledge.platform("WhatsApp").id == "whatsapp"
    assert knowledge.platforms is knowledge.load_platforms


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("register", [Register.VICTIM, Register.HELPER])
def test_every_guidance_topic_reads_in_every_language_and_register(lang: str, register: Register) -> None:
    t = Translator(lang, register)
    for topic in Topic:
        found = guidance(topic, t)
        assert found.title and not found.title.startswith("guidance.")
        if topic != Topic.STAGES:
            assert len(found.points) >= 2, topic
        for text in [found.title, found.intro, *found.points]:
            assert "{" not in text
            assert len(text) < 260, text  # short enough to read on a page
    assert [stage for stage, _, _ in stages(t)] == list(Stage)


def test_guidance_speaks_to_the_victim_with_tu_and_to_a_helper_with_vous() -> None:
    victim = guidance(Topic.NOW, Translator("fr", Register.VICTIM))
    helper = guidance(Topic.NOW, Translator("fr", Register.HELPER))
    assert "Ne paie pas" in victim.points[0] and "Ne payez pas" in helper.points[0]
    assert victim.points != helper.points


@pytest.mark.parametrize(
    ("country", "helpline"),
    [("FR", "3018"), ("BE", "Child Focus"), ("CH", "147"), ("CA-QC", "Cyberaide"), ("OTHER", "adulte de confiance")],
)
def test_right_now_points_to_the_countrys_helpline(country: str, helpline: str) -> None:
    points = guidance(Topic.NOW, Translator("fr", Register.VICTIM), country=country).points
    assert helpline in points[2], points[2]


def test_guidance_covers_the_facts_the_program_must_give() -> None:
    t = Translator("en", Register.HELPER)
    text = {topic: " ".join([guidance(topic, t).title, *guidance(topic, t).points]) for topic in Topic}
    assert "227-23" in text[Topic.INTIMATE]
    assert "Take It Down" in text[Topic.INTIMATE] and "StopNCII" in text[Topic.INTIMATE]
    assert "user name" in text[Topic.CAPTURE] and "IBAN" in text[Topic.CAPTURE]
    assert "Transcash" in text[Topic.PAID] and "bank" in text[Topic.PAID]
    assert "DCIM" in text[Topic.IPHONE] and "File transfer" in text[Topic.ANDROID]
