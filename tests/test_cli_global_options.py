"""Global options work before or after the subcommand, as --help shows them."""

from __future__ import annotations

import pytest

from evidence_kit.cli import build_parser


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "fr", "--debug", "--passphrase-file", "P", "list", "CASE"],
        ["list", "CASE", "--lang", "fr", "--debug", "--passphrase-file", "P"],
        ["--lang", "fr", "list", "--debug", "CASE", "--passphrase-file", "P"],
    ],
)
def test_global_options_are_kept_wherever_they_are_placed(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.lang, args.debug, args.passphrase_file, args.command) == ("fr", True, "P", "list")


def test_the_subcommand_wins_when_both_say_it() -> None:
    args = build_parser().parse_args(["--lang", "fr", "list", "CASE", "--lang", "en"])
    assert args.lang == "en"


def test_defaults_when_nothing_is_given() -> None:
    args = build_parser().parse_args(["list", "CASE"])
    assert (args.lang, args.debug, args.passphrase_file) == (None, False, None)


def test_case_subcommands_keep_them_too() -> None:
    args = build_parser().parse_args(["--lang", "en", "case", "create", "CASE"])
    assert args.lang == "en"
