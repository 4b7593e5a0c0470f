"""Texts that must say the right thing first, once, and in good English."""

from __future__ import annotations

from evidence_kit.i18n import Register, Translator


def test_the_intimate_image_warning_first_says_it_is_not_the_childs_fault() -> None:
    tu = Translator("fr", Register.VICTIM)("gui.capture.warning_text")
    vous = Translator("fr", Register.HELPER)("gui.capture.warning_text")
    en = Translator("en", Register.VICTIM)("gui.capture.warning_text")
    assert tu.startswith("Ce n'est pas ta faute, et la loi est de ton côté")
    assert vous.startswith("Ce n'est pas la faute de la victime, et la loi est de son côté")
    assert en.startswith("It is not your fault, and the law is on your side")
    # The rule comes after, without "even for the victim", which read as an accusation.
    assert tu.index("jamais les photos ou vidéos intimes") > tu.index("faute")
    assert "même pour la victime" not in tu + vous and "even for the victim" not in en


def test_a_helplines_reason_does_not_repeat_its_description() -> None:
    """The report page shows each service's description (knowledge data) under its reason (catalog)."""
    from evidence_kit.knowledge import all_helplines

    services = {h.id: h for h in all_helplines()}
    for register in Register:
        for lang in ("fr", "en"):
            t = Translator(lang, register)
            for service in ("takeitdown", "stopncii"):
                reason = t(f"knowledge.next.{service}")
                description = services[service].description(lang)
                assert "reste sur" not in reason and "stays on" not in reason, reason
                assert ("empreinte" in description) or ("fingerprint" in description)


def test_english_counts_and_titles_read_naturally() -> None:
    t = Translator("en")
    assert t("pages.dossier.count_accounts", n=1) == "1 account of the scammer"
    assert t("pages.dossier.count_accounts", n=2) == "2 accounts of the scammer"
    assert t("pages.dossier.password_title") == "Dossier password"
