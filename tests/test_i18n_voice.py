"""One voice: in victim mode every French message says "tu", in helper mode "vous".

Every French message is rendered in each register (with its placeholders filled
and both plural forms) and read for the other register's pronouns, possessives and
imperatives. The few messages that are never shown in the window, or that quote
someone else, are listed below with the reason.
"""

from __future__ import annotations

import re
import string

import pytest

from evidence_kit.i18n import Catalog, Register, Translator

# Whole areas that are not spoken to the person in the window, with the reason.
NOT_SPOKEN_IN_THE_WINDOW = {
    "cli.": "the command line speaks to whoever types the command: always 'vous' (the Translator's default)",
    "chat.cli.": "command line only (import-chat)",
    "dossier.cli.": "command line only (export)",
    "receiver.cli.": "command line only (receive)",
    "ocr.cli.": "command line only (read)",
    "demo.cli.": "command line only (demo)",
    "about.selftest.": "the self-test's report on the command line",
    "demo.chat.": "the scammer's and the victim's own words inside the demo's made-up screenshots",
    "demo.profile.": "text of a made-up profile inside the demo's screenshots",
    "demo.ui.": "text of a made-up app screen inside the demo's screenshots",
    "dossier.": "the PDF, read by its recipient (police, gendarmerie, 3018): always 'vous'",
}
# Messages of an area above that the window does show: they must follow the register.
SHOWN_IN_THE_WINDOW_ANYWAY = ("dossier.error.",)
# Single messages, with the reason.
SINGLE_EXCEPTIONS = {
    "about.macos.screen_capture": "macOS shows it in its own permission dialog, before any choice of register",
    "about.licence": "the licence's own wording ('Vous pouvez l'utiliser…'), as the GPL translations say it",
}

_NOT_IMPERATIVE_EZ = {"chez", "assez", "nez"}
VOUS_FORMS = re.compile(r"\b(vous|votre|vos)\b|\b(\w+ez)(?=[\s,.:;!?)»-]|$)", re.IGNORECASE)
# "tu" imperatives the catalogs use, at the start of a sentence (where they cannot be a noun such as
# "Capture d'écran" or "Demande d'argent", those are left out).
TU_IMPERATIVES = (
    "ajoute|appelle|apporte|attends|autorise|bloque|cherche|choisis|coche|connecte|corrige|décoche|écris|"
    "enregistre|essaie|exporte|fais|importe|indique|laisse|lance|libère|mets|ouvre|recopie|relis|remets|"
    "renvoie|réessaie|réinstalle|scanne|signale|tape|trace|transfère|utilise|vérifie"
)
TU_FORMS = re.compile(
    r"\b(tu|ton|ta|tes|toi|te)\b|\bt['’]|-toi\b|-t-" rf"|(?:^|(?<=[.!?:;]\s)|(?<=\n))(?:{TU_IMPERATIVES})\b",
    re.IGNORECASE,
)


def _is_spoken_in_the_window(key: str) -> bool:
    if key in SINGLE_EXCEPTIONS:
        return False
    if key.startswith(SHOWN_IN_THE_WINDOW_ANYWAY):
        return True
    return not any(key.startswith(prefix) for prefix in NOT_SPOKEN_IN_THE_WINDOW)


def _rendered(translator: Translator, key: str) -> list[str]:
    """The message as shown, for both plural forms, with every placeholder filled by a neutral word."""
    texts = []
    names = set()
    for label, text in translator.catalog.variants(key):
        if label.startswith("fr"):
            names |= {name for _, name, _, _ in string.Formatter().parse(text) if name}
    params = {name.split(".")[0].split("[")[0]: "X" for name in names if name != "n"}
    for n in (1, 2):
        texts.append(translator(key, n=n, **params))
    return texts


# Words between « » quote a label of another program or of a button (« Télécharger vos
# informations » is Instagram's own menu item): they are not the program speaking.
QUOTED = re.compile(r"«[^»]*»")


def _forms(pattern: re.Pattern[str], text: str) -> list[str]:
    found = []
    for match in pattern.finditer(QUOTED.sub("«»", text)):
        word = match.group(0)
        if word.lower() in _NOT_IMPERATIVE_EZ:
            continue
        found.append(word)
    return found


@pytest.mark.parametrize(
    ("register", "other_forms"),
    [(Register.VICTIM, VOUS_FORMS), (Register.HELPER, TU_FORMS)],
    ids=["tu-mode-has-no-vous", "vous-mode-has-no-tu"],
)
def test_every_french_message_speaks_in_one_register(register: Register, other_forms: re.Pattern[str]) -> None:
    catalog = Catalog.load()
    translator = Translator("fr", register, catalog)
    wrong = []
    for key in sorted(catalog.messages):
        if not _is_spoken_in_the_window(key):
            continue
        for text in _rendered(translator, key):
            found = _forms(other_forms, text)
            if found:
                wrong.append(f"{key}: {found} in {text!r}")
                break
    assert wrong == [], f"{len(wrong)} messages in the wrong register:\n" + "\n".join(wrong)


def test_the_checker_sees_each_register() -> None:
    assert _forms(VOUS_FORMS, "Choisissez votre fichier.") == ["Choisissez", "votre"]
    assert _forms(VOUS_FORMS, "Il y en a assez chez toi.") == []
    assert _forms(TU_FORMS, "Garde-le et tape ta phrase, t'inquiète.") == ["ta", "t'"]
    assert _forms(TU_FORMS, "Débrouille-toi") == ["-toi"]
    assert _forms(TU_FORMS, "Impossible. Vérifie le Wi-Fi.") == ["Vérifie"]
    assert _forms(TU_FORMS, "Capture d'écran. Demande d'argent") == []
    assert _forms(VOUS_FORMS, "Instagram (« Télécharger vos informations »)") == []
    assert _is_spoken_in_the_window("dossier.error.out_folder")
    assert not _is_spoken_in_the_window("dossier.cover_title")


def test_the_exceptions_name_real_messages() -> None:
    catalog = Catalog.load()
    assert all(key in catalog for key in SINGLE_EXCEPTIONS)
    for prefix in NOT_SPOKEN_IN_THE_WINDOW:
        assert any(key.startswith(prefix) for key in catalog.messages), prefix
