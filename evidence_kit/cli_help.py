"""The command line's help and argparse's own messages in the person's language, from the catalogs.

Every help text of the parser tree is looked up in ``resources/i18n/cli.toml`` under
``cli.help.<command path>.<option dest>`` (the top level is ``main``; options every
command shares are ``cli.help.common.<dest>``; a sub-command's line in its parent's
list is ``cli.help.<path>.summary`` and its description ``cli.help.<path>.description``).
A help text without a key stays as written in ``cli.py``, so a new sub-command works
before it is translated.  argparse's own words ("usage:", "the following arguments are
required: …") come from gettext; while the parser is built and used they are looked up
in ``cli.argparse.*`` instead (Python ships no French catalog for argparse).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from evidence_kit.i18n import Translator, system_language

# argparse's messages (Python 3.11, argparse.py) and their catalog keys.
ARGPARSE_MESSAGES = {
    "usage: ": "usage",
    "positional arguments": "positional_arguments",
    "options": "options",
    "show this help message and exit": "help",
    "subcommands": "subcommands",
    "argument %(argument_name)s: %(message)s": "argument",
    "the following arguments are required: %s": "required",
    "unrecognized arguments: %s": "unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid_choice",
    "invalid %(type)s value: %(value)r": "invalid_value",
    "expected one argument": "expected_one",
    "expected at most one argument": "expected_at_most_one",
    "expected at least one argument": "expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
    "not allowed with argument %s": "not_allowed_with",
    "one of the arguments %s is required": "one_required",
    "ignored explicit argument %r": "ignored_explicit",
    "unexpected option string: %s": "unexpected_option",
}


def language_of(argv: Sequence[str]) -> str:
    """The language asked with ``--lang`` (before or after the sub-command), else the system's."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        else:
            continue
        if value in ("fr", "en"):
            return value
    return system_language()


def parse_in_language(
    build_parser: Callable[[], argparse.ArgumentParser], argv: Sequence[str]
) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """Build the parser and parse ``argv`` with every help text and usage error in the person's language."""
    t = Translator(language_of(argv))
    with _argparse_speaks(t):
        parser = build_parser()
        translate_help(parser, t)
        return parser, parser.parse_args(list(argv))


def translate_help(parser: argparse.ArgumentParser, t: Translator, path: str = "main") -> None:
    """Replace each help text of ``parser`` and its sub-commands by its catalog entry, where there is one."""

    def text(key: str, fallback: str | None) -> str | None:
        return t(key) if t.has(key) else fallback

    parser.description = text(f"cli.help.{path}.description", parser.description)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                child = choice.dest if path == "main" else f"{path}.{choice.dest}"
                choice.help = text(f"cli.help.{child}.summary", choice.help)
            for name, sub in action.choices.items():
                translate_help(sub, t, name if path == "main" else f"{path}.{name}")
            continue
        if action.help in (None, argparse.SUPPRESS) or isinstance(action, argparse._HelpAction):
            continue  # -h is argparse's own message, translated through gettext
        action.help = text(f"cli.help.{path}.{action.dest}", text(f"cli.help.common.{action.dest}", action.help))


@contextmanager
def _argparse_speaks(t: Translator) -> Iterator[None]:
    """argparse's gettext lookups answered from the catalogs while the parser is built and used."""
    if t.lang == "en":
        yield
        return

    def gettext(message: str) -> str:
        key = ARGPARSE_MESSAGES.get(message)
        return t(f"cli.argparse.{key}") if key and t.has(f"cli.argparse.{key}") else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":  # the only plural message argparse shows a person
            return t("cli.argparse.expected_n", n=n)
        return singular if n == 1 else plural

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
