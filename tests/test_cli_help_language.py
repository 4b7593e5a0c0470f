"""The command line's help and usage errors speak French when asked (--lang fr, or a French system)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from evidence_kit.cli import build_parser
from evidence_kit.cli_help import language_of, translate_help
from evidence_kit.i18n import Translator

# The sub-commands whose help texts are in the catalogs (a new one works in English until translated).
TRANSLATED = {
    "case", "add", "list", "extract", "log", "verify", "export", "stamp", "demo",
    "import-chat", "read", "inspect-chat", "tour", "receive", "gui",
}  # fmt: skip


def run(*args: str, lang_env: str = "en_GB.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "EVIDENCE_KIT_LANG")}
    env["LANG"] = lang_env
    return subprocess.run(
        [sys.executable, "-m", "evidence_kit", *args], capture_output=True, text=True, timeout=60, env=env
    )


def test_help_in_french_with_lang_before_or_after_the_subcommand() -> None:
    top = run("--lang", "fr", "--help")
    assert top.returncode == 0, top.stderr
    assert top.stdout.startswith("utilisation : evidence-kit")
    assert "afficher cette aide et quitter" in top.stdout
    assert "créer un coffre-fort ou changer sa phrase de passe" in top.stdout
    assert "usage:" not in top.stdout and "show this help" not in top.stdout
    sub = run("case", "create", "--help", "--lang", "fr")
    assert sub.returncode == 0, sub.stderr
    assert "un nom pour le coffre-fort" in sub.stdout and "arguments positionnels :" in sub.stdout


def test_usage_errors_in_french_on_a_french_system_exit_2_on_one_line() -> None:
    missing = run("export", lang_env="fr_FR.UTF-8")
    assert missing.returncode == 2
    required = "ces arguments sont obligatoires : CASE, --recipient, --out"
    assert missing.stderr == f"evidence-kit export: {required} (--help)\n"
    wrong = run("--lang", "fr", "export", "x", "--recipient", "nobody", "--out", "y.pdf")
    assert wrong.returncode == 2
    assert "choix invalide : 'nobody' (choisir parmi 'police', '3018', 'self')" in wrong.stderr


def test_english_stays_english_and_says_vault() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: evidence-kit")
    assert "create a vault or change its passphrase" in result.stdout
    assert "read the vault's passphrase from FILE" in result.stdout


def test_every_help_text_of_the_translated_commands_has_a_french_entry() -> None:
    t = Translator("fr")
    parser = build_parser()
    english: dict[str, str] = {}

    def collect(parser: argparse.ArgumentParser, path: str, into: dict[str, str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if path != "main" or choice.dest in TRANSLATED:
                        into[f"{path}>{choice.dest}"] = choice.help or ""
                for name, sub in action.choices.items():
                    if path != "main" or name in TRANSLATED:
                        collect(sub, f"{path}.{name}", into)
            elif action.help not in (None, argparse.SUPPRESS) and not isinstance(action, argparse._HelpAction):
                into[f"{path}.{action.dest}"] = action.help

    collect(parser, "main", english)
    translate_help(parser, t)
    french: dict[str, str] = {}
    collect(parser, "main", french)
    untranslated = sorted(key for key in english if french[key] == english[key])
    assert untranslated == [], untranslated


def test_the_language_is_found_before_or_after_the_subcommand() -> None:
    assert language_of(["--lang", "fr", "export"]) == "fr"
    assert language_of(["export", "x", "--lang=en"]) == "en"
    assert language_of(["add", "--", "--lang", "fr"]) in ("fr", "en")  # after "--" it is a file name
