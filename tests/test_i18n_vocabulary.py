"""One word per thing: the encrypted store is the "coffre-fort" (English "vault"); "dossier" is only the PDF.

Every key below was read and speaks of the sealed PDF handed to the police or the
3018 (or, for the English "case" list, of the legal case or a file name). Any other
message that says "dossier" in French, or "case" in English, names the store with
the wrong word: a 14-year-old cannot tell the three things apart.
"""

from __future__ import annotations

import re

from evidence_kit.i18n import Catalog

# Messages whose French text says "dossier" and means the PDF (read one by one).
FRENCH_DOSSIER_MEANS_THE_PDF = {
    "about.privacy",  # "sauf un dossier que vous exportez"
    "about.selftest.step.dossier_verify",
    "about.selftest.step.export",
    "about.selftest.what.dossier_verify",
    "about.selftest.what.export",
    "about.summary",  # "prépare un dossier scellé pour la police"
    "custody.exported",  # the custody entry of an export
    "demo.cli.dossier",
    "demo.cli.no_dossier",
    "demo.cli.password",
    "demo.cli.try",
    "dossier.att.certificate",
    "dossier.chat.intro",
    "dossier.cli.exported",
    "dossier.cli.password_chosen",
    "dossier.cover_confidential",
    "dossier.cover_title",
    "dossier.error.language",
    "dossier.error.out_folder",  # "où enregistrer le dossier de preuves"
    "dossier.error.password_too_short",
    "dossier.header_left",
    "dossier.manifest_intro",  # the PDF's manifest lists the dossier's items
    "dossier.meta_title",
    "dossier.problem.token_claims",  # what the dossier's manifest says of a token
    "dossier.problem.unexpected_seal",
    "dossier.problem.unreadable",
    "dossier.proof.build_title",
    "dossier.proof.fingerprint_check",
    "dossier.proof.seal",
    "dossier.seal_reason",
    "dossier.sum.seal_text",
    "dossier.sum.ts_no",
    "dossier.verify.failed",
    "dossier.verify.ok",
    "dossier.verify.password_needed",
    "dossier.verify.prompt_password",
    "dossier.verify.wrong_password",
    "dossier.warning.no_timestamp",
    "gui.step.dossier",  # "Dossier à remettre"
    "knowledge.next.complaint",  # "Apporte le dossier" to the police
    "password.refused_cli",  # "Ce mot de passe du dossier" (the PDF's password)
    "pages.dossier.export",
    "pages.dossier.exported",
    "pages.dossier.exporting",
    "pages.dossier.file_name",
    "pages.dossier.fingerprint_title",
    "pages.dossier.intimate_left_out",
    "pages.dossier.language",
    "pages.dossier.password_title",
    "pages.dossier.result_title",
    "pages.dossier.summary",
    "pages.dossier.summary_counts",
    "pages.dossier.timestamp_hint",
    "pages.facts.lead",  # the account of the facts "ira dans le dossier" (the PDF)
    "cli.help.main.description",  # "remettre un dossier scellé"
    "cli.help.verify.summary",  # "vérifier un coffre-fort ou un dossier PDF"
    "cli.help.export.summary",
    "cli.help.demo.summary",
    "cli.help.verify.password_file",
    "cli.help.verify.expect_fingerprint",
}

# Messages whose English text says "case" and does not mean the store.
ENGLISH_CASE_IS_NOT_THE_STORE = {
    "demo.cli.try",  # the {case} placeholder, filled with a path
    "demo.cli.warning",  # "In a real case" (a real situation)
    "dossier.att.jsonld",  # the CASE/UCO ontology
    "dossier.footer_confidential",  # "the people handling the case" (the legal case)
    "dossier.manifest_intro",  # "every item of the case" (the legal case), read by the police
    "error.header_damaged",  # the file name case.ek
    "cli.passphrase_new_key",  # the file name case.ek
}

DOSSIER = re.compile(r"\bdossiers?\b", re.IGNORECASE)
CASE = re.compile(r"\bcases?\b", re.IGNORECASE)


def _texts(catalog: Catalog, key: str, lang: str) -> list[str]:
    return [text for label, text in catalog.variants(key) if label.split(".")[0] == lang]


def test_french_says_dossier_only_for_the_pdf() -> None:
    catalog = Catalog.load()
    wrong = sorted(
        key
        for key in catalog.messages
        if key not in FRENCH_DOSSIER_MEANS_THE_PDF and any(DOSSIER.search(t) for t in _texts(catalog, key, "fr"))
    )
    assert wrong == [], f"'dossier' for the store or a folder (say 'coffre-fort' or 'répertoire'): {wrong}"


def test_english_says_vault_for_the_store() -> None:
    catalog = Catalog.load()
    wrong = sorted(
        key
        for key in catalog.messages
        if key not in ENGLISH_CASE_IS_NOT_THE_STORE and any(CASE.search(t) for t in _texts(catalog, key, "en"))
    )
    assert wrong == [], f"these messages say 'case' for the store (say 'vault'): {wrong}"


def test_the_allow_lists_hold_no_stale_key() -> None:
    """A key that no longer says the word leaves the list, so the list stays a list of real exceptions."""
    catalog = Catalog.load()
    for keys, lang, word in (
        (FRENCH_DOSSIER_MEANS_THE_PDF, "fr", DOSSIER),
        (ENGLISH_CASE_IS_NOT_THE_STORE, "en", CASE),
    ):
        stale = sorted(k for k in keys if k not in catalog or not any(word.search(t) for t in _texts(catalog, k, lang)))
        assert stale == [], stale


def test_the_store_has_its_own_word_in_the_window() -> None:
    catalog = Catalog.load()
    assert _texts(catalog, "gui.window.lock", "fr") == ["Verrouiller le coffre-fort"]
    assert _texts(catalog, "gui.window.lock", "en") == ["Lock the vault"]
    assert sorted(_texts(catalog, "gui.step.case", "fr")) == ["Ton coffre-fort", "Votre coffre-fort"]
    assert _texts(catalog, "cli.prompt_passphrase", "fr") == ["Phrase de passe du coffre-fort :"]
