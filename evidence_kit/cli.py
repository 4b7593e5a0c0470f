"""The command line: a thin face over the core, for scripts, tests and a recipient's checks.

Exit codes: 0 done; 1 a check found a problem (or another failure);
2 usage error; 3 wrong passphrase, recovery code or password; 4 input rejected;
5 the case is open in another program.

Names from outside (file names, handles) are printed through ``core.display.printable``: a newline, an escape
sequence or a bidi override in a name is shown escaped, never obeyed by the terminal.
"""

# Long module: every sub-command's parser and its thin handler side by side, so the command-line contract
# reads in one place (the shared option and output helpers live in core.display and the feature modules).

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from evidence_kit import __version__
from evidence_kit.core.display import QuietStdout, printable, safe_json
from evidence_kit.core.errors import EvidenceKitError, UsageError
from evidence_kit.core.model import EvidenceKind
from evidence_kit.i18n import Translator, system_language

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_SECRET, EXIT_REJECTED = 0, 1, 2, 3, 4
EXIT_BUSY = 5  # core.errors.CaseBusy


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (--help)\n")
        raise SystemExit(EXIT_USAGE)


class Context:
    """What every command needs: the translator, and where secrets come from."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.t = Translator(args.lang or system_language())

    def text(self, key: str, **params: Any) -> str:
        """A catalog message whose text parameters (names from outside) are escaped for the terminal."""
        return str(self.t(key, **{k: printable(v) if isinstance(v, str) else v for k, v in params.items()}))

    def say(self, key: str, **params: Any) -> None:
        print(self.text(key, **params), flush=True)

    def warn(self, key: str, **params: Any) -> None:
        print(self.text(key, **params), file=sys.stderr)

    def error_text(self, exc: EvidenceKitError) -> str:
        return self.text(exc.key, **exc.params)

    # --- secrets -----------------------------------------------------------------
    def _read_secret_file(self, path: str) -> str:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError:
            raise UsageError("cli.secret_file_unreadable", path=path) from None
        return text.rstrip("\r\n")

    def passphrase(self) -> str:
        if getattr(self.args, "passphrase_file", None):
            return self._read_secret_file(self.args.passphrase_file)
        env = os.environ.get("EVIDENCE_KIT_PASSPHRASE")
        if env:
            return env
        return self._prompt("cli.prompt_passphrase")

    def new_passphrase(self) -> str:
        if getattr(self.args, "new_passphrase_file", None):
            return self._read_secret_file(self.args.new_passphrase_file)
        env = os.environ.get("EVIDENCE_KIT_NEW_PASSPHRASE")
        if env:
            return env
        first = self._prompt("cli.prompt_new_passphrase")
        second = self._prompt("cli.prompt_repeat_passphrase")
        if first != second:
            raise UsageError("cli.passphrases_differ")
        return first

    def _prompt(self, key: str) -> str:
        if not sys.stdin.isatty():
            raise UsageError("cli.no_passphrase")
        return getpass.getpass(self.t(key) + " ")

    @contextmanager
    def open_case(self, folder: str, writes: bool = False) -> Iterator[Any]:
        """Open the case for the command (``with ctx.open_case(...) as case``); close it after, anchored if it grew.

        A folder that cannot be written (a forensic copy on read-only media) opens read-only, with a note on
        stderr; a command that ``writes`` then stops at once with one line.
        """
        from evidence_kit.core.case import Case
        from evidence_kit.core.errors import StorageError
        from evidence_kit.core.vault import folder_writable

        if writes and Path(folder).is_dir() and not folder_writable(Path(folder)):
            raise StorageError("error.case_read_only")
        recovery_file = getattr(self.args, "recovery_code_file", None)
        if recovery_file:
            case = Case.open(folder, recovery_code=self._read_secret_file(recovery_file))
        else:
            case = Case.open(folder, passphrase=self.passphrase())
        if case.read_only:
            self.warn("cli.opened_read_only")
        with case:
            entries = len(case.custody)
            try:
                yield case
            except Exception:
                anchor_after_command(self, case, entries)
                raise
            anchor_after_command(self, case, entries)


# --- commands ------------------------------------------------------------------------


def cmd_case_create(ctx: Context) -> int:
    from evidence_kit.core.case import Case

    passphrase = (
        ctx.new_passphrase()
        if not (ctx.args.passphrase_file or os.environ.get("EVIDENCE_KIT_PASSPHRASE"))
        else ctx.passphrase()
    )
    case, code = Case.create(ctx.args.case, passphrase, name=ctx.args.name or "")
    with case:
        ctx.say("cli.case_created", path=ctx.args.case, reference=case.reference)
        ctx.say("cli.recovery_code_intro")
        print(f"\n    {code}\n")
        ctx.say("cli.recovery_code_once")
        opt_in_anchoring(ctx, case)
    return EXIT_OK


def cmd_case_passwd(ctx: Context) -> int:
    with ctx.open_case(ctx.args.case, writes=True) as case:
        new = ctx.new_passphrase()
        code = case.change_passphrase(
            new, reset=bool(ctx.args.recovery_code_file), reencrypt=bool(getattr(ctx.args, "reencrypt", False))
        )
        ctx.say("cli.passphrase_changed")
        ctx.say(
            "cli.passphrase_new_key_reencrypted" if getattr(ctx.args, "reencrypt", False) else "cli.passphrase_new_key"
        )
        if code:
            ctx.say("cli.recovery_code_replaced")
            print(f"\n    {code}\n")
            ctx.say("cli.recovery_code_once")
    return EXIT_OK


def cmd_add(ctx: Context) -> int:
    from evidence_kit.core.errors import InputRejected
    from evidence_kit.core.model import EvidenceKind

    rejected = 0
    with ctx.open_case(ctx.args.case, writes=True) as case:
        if ctx.args.max_size:
            case.max_item_size = ctx.args.max_size
        for name in ctx.args.files:
            try:
                result = case.add_file(
                    name,
                    kind=EvidenceKind(ctx.args.kind),
                    platform=ctx.args.platform or "",
                    account=ctx.args.account or "",
                    note=ctx.args.note or "",
                    happened_at=ctx.args.happened_at or "",
                    as_file=ctx.args.as_file,
                    follow_symlinks=ctx.args.follow_symlinks,
                )
            except InputRejected as exc:
                rejected += 1
                hint = " (--follow-symlinks)" if exc.key == "reject.symlink" else ""
                print(ctx.error_text(exc) + hint, file=sys.stderr)
                continue
            item = result.item
            if result.duplicate:
                ctx.say("cli.duplicate", name=Path(name).name, item=item.id)
            else:
                ctx.say("cli.added", item=item.id, sha256=item.sha256, name=Path(name).name)
    return EXIT_REJECTED if rejected else EXIT_OK


def _item_json(item: Any) -> dict[str, Any]:
    from evidence_kit.core.model import to_dict

    data = to_dict(item)
    data.pop("blob_id", None)
    data.pop("thumbnail_blob_id", None)
    return data


def cmd_list(ctx: Context) -> int:
    with ctx.open_case(ctx.args.case) as case:
        items = case.evidence_items()
        if ctx.args.json:
            anchored = item_anchor_fields(case)
            print(safe_json([_item_json(i) | anchored[i.id] for i in items], indent=2))
            return EXIT_OK
        if not items:
            ctx.say("cli.list_empty")
        for item in items:
            size = f"{item.width}x{item.height}" if item.width else f"{item.size} B"
            parent = f" ← {item.parent}" if item.parent else ""
            columns = f"{item.id:>5}  {item.sha256}  {item.media_type:<24} {size:>12}  {item.kind.value:<15}"
            print(printable(f"{columns} {item.obtained_at}{parent}"))
    return EXIT_OK


def cmd_extract(ctx: Context) -> int:
    with ctx.open_case(ctx.args.case) as case:
        item = case.extract(ctx.args.id, ctx.args.out)
        ctx.say("cli.extracted", item=item.id, path=ctx.args.out, sha256=item.sha256)
    return EXIT_OK


def cmd_log(ctx: Context) -> int:
    with ctx.open_case(ctx.args.case) as case:
        for entry in case.custody:
            subject = f" {entry.subject}" if entry.subject else ""
            digest = f" sha256={entry.sha256}" if entry.sha256 else ""
            details = " ".join(f"{k}={v}" for k, v in sorted(entry.details.items()) if k not in ("custody_public_key",))
            action = ctx.t("custody." + entry.action.value)
            print(printable(f"#{entry.seq:<4} {entry.at}  {action:<22}{subject}{digest}  {details}".rstrip()))
            print(f"       entry {entry.entry_hash}  prev {entry.prev_hash or '-'}")
    return EXIT_OK


def cmd_verify(ctx: Context) -> int:
    target = Path(ctx.args.target)
    if target.is_file() and target.suffix.lower() == ".pdf" or _looks_like_pdf(target):
        from evidence_kit.dossier.verify_cli import verify_dossier_command

        return verify_dossier_command(ctx, target)
    with ctx.open_case(str(target)) as case:
        token_problems = anchor_problems(case)
        report = case.verify(record=not (token_problems or ctx.args.no_record))
        report.problems += token_problems
        if ctx.args.json:
            print(
                safe_json(
                    {
                        "ok": report.ok,
                        "items": report.items_checked,
                        "bytes": report.bytes_checked,
                        "custody_entries": report.custody_entries,
                        "quarantined": list(report.quarantined),
                        "unnamed": list(report.unnamed),
                        "recorded": bool(report.ok and not ctx.args.no_record and not case.read_only),
                        "problems": [
                            {"subject": p.subject, "message": ctx.t(p.key, **p.params)} for p in report.problems
                        ],
                    },
                    indent=2,
                )
            )
        else:
            for problem in report.problems:
                print(ctx.text(problem.key, **problem.params), file=sys.stderr)
            if report.quarantined:  # kept aside, not a failure by itself (a rolled-back copy is one)
                ctx.warn("verify.quarantined", ids=", ".join(report.quarantined))
            if report.unnamed:  # a read-only case: the same blobs, left in place
                ctx.warn("verify.unnamed", ids=", ".join(report.unnamed))
            if report.ok:
                ctx.say(
                    "cli.case_verified",
                    n=report.items_checked,
                    items=report.items_checked,
                    entries=report.custody_entries,
                )
    return EXIT_OK if report.ok else EXIT_PROBLEM


def cmd_export_checked(ctx: Context) -> int:
    """``export``: a chosen dossier password is checked for strength first (before the case is opened)."""
    if getattr(ctx.args, "password_file", None):
        try:
            from evidence_kit.dossier.password import check_password, propose_password
        except ImportError:
            raise UsageError("cli.not_available") from None
        weakness = check_password(ctx._read_secret_file(ctx.args.password_file))
        if weakness is not None:
            reason = ctx.t("password.weak." + weakness.reason)
            raise UsageError("password.refused_cli", reason=reason, proposal=propose_password())
    return _optional("evidence_kit.dossier.commands", "cmd_export")(ctx)


def _looks_like_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _no_display() -> bool:
    """On Linux without X11 or Wayland, Qt's default platform aborts the process (exit 134) with a misleading hint."""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return False  # offscreen, vnc, eglfs…: chosen on purpose
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_gui(ctx: Context) -> int:
    if _no_display():
        raise UsageError("cli.no_display")
    try:
        from evidence_kit.gui.app import run
    except ImportError as exc:
        logging.getLogger(__name__).debug("GUI unavailable: %s", exc)
        raise UsageError("cli.gui_unavailable") from None
    return run(lang=ctx.args.lang)


def _optional(module: str, function: str) -> Callable[[Context], int]:
    def command(ctx: Context) -> int:
        import importlib

        try:
            target = getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError):
            raise UsageError("cli.not_available") from None
        result: int = target(ctx)
        return result

    return command


# --- trusted timestamps on the custody log (evidence_kit/anchoring) ------------------


def opt_in_anchoring(ctx: Context, case: Any) -> None:
    """``case create --timestamps`` / ``--tsa URL``: store the opt-in in the vault.

    Nothing is sent yet: an empty case has nothing to prove, and the first ``add`` is then not held back by the
    once-a-minute limit.
    """
    urls = list(getattr(ctx.args, "tsa", None) or [])
    if not (urls or getattr(ctx.args, "timestamps", False)):
        return
    from evidence_kit.anchoring import save_settings

    settings = save_settings(case, True, urls)
    ctx.say("anchor.cli.enabled", authorities=", ".join(a.url for a in settings.authorities))


def anchor_after_command(ctx: Context, case: Any, entries_before: int) -> None:
    """The end of a command that wrote to the vault: send the waiting timestamp requests (at most one a minute).

    Messages go to stderr, so a command's JSON output stays clean; a failure only leaves the request waiting.
    """
    if getattr(ctx, "anchoring_done", False) or case.closed or len(case.custody) <= entries_before:
        return
    from evidence_kit.anchoring import send_waiting, settings_of, system_clock

    try:
        if not settings_of(case).enabled:
            return
        report = send_waiting(case, system_clock)
    except Exception:  # noqa: BLE001 - never lose the command's work over a timestamp; the queue keeps it
        logging.getLogger(__name__).info("anchoring after the command failed", exc_info=True)
        ctx.warn("anchor.cli.failed_quietly")
        return
    _say_anchoring(ctx, report, stream=sys.stderr)
    if report.deferred_until is not None:
        ctx.warn("anchor.cli.deferred")


def _say_anchoring(ctx: Context, report: Any, stream: Any) -> None:
    for anchor in report.anchored:
        trust = ctx.t("anchor.trust." + anchor.trust.value, root=anchor.trust_root or "?")
        text = ctx.t(
            "anchor.cli.anchored",
            seq=anchor.seq,
            authority=anchor.authority_name or anchor.authority_url,
            time=_local_time(anchor.gen_time),
            trust=trust,
            difference=f"{anchor.clock_difference:+.1f}",
            file=anchor.file_name,
        )
        print(text, file=stream, flush=True)
    for waiting, reason in report.failed:
        text = ctx.t(
            "anchor.cli.still_waiting",
            authority=waiting.authority.url,
            since=_local_time(waiting.since) if waiting.since else "-",
            reason=ctx.t("anchor.reason." + reason.value),
        )
        print(text, file=sys.stderr, flush=True)


def _local_time(utc_text: str) -> str:
    import datetime as dt

    moment = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    return moment.astimezone().isoformat(sep=" ", timespec="seconds")


def cmd_stamp(ctx: Context) -> int:
    """Send the waiting timestamp requests now (ignoring the once-a-minute limit); 1 when some still wait."""
    from evidence_kit.anchoring import send_waiting, settings_of, system_clock

    ctx.anchoring_done = True  # type: ignore[attr-defined]  # this command is the anchoring
    with ctx.open_case(ctx.args.case) as case:
        if not settings_of(case).enabled:
            ctx.say("anchor.cli.off")
            return EXIT_OK
        report = send_waiting(case, system_clock, force=True)
        _say_anchoring(ctx, report, stream=sys.stdout)
        tried = {w.authority.slug for w, _ in report.failed}
        for waiting in report.waiting:
            if waiting.authority.slug in tried:
                continue
            reason = ctx.t("anchor.reason." + waiting.reason) if waiting.reason else "-"
            since = _local_time(waiting.since) if waiting.since else "-"
            ctx.warn("anchor.cli.still_waiting", authority=waiting.authority.url, since=since, reason=reason)
        if report.waiting:
            return EXIT_PROBLEM
        ctx.say("anchor.cli.nothing_waits")
    return EXIT_OK


def anchor_problems(case: Any) -> list[Any]:
    """Every stored timestamp token checked (signature, hash, custody position); an unknown root is no problem."""
    from evidence_kit.anchoring import verify_tokens
    from evidence_kit.core.verification import Problem

    problems = []
    for check in verify_tokens(case):
        name = check.anchor.file_name
        if not check.token.ok:
            problems.append(Problem(name, "anchor.verify.bad_token", {"file": name}))
        elif not check.in_chain:
            problems.append(Problem(name, "anchor.verify.not_in_chain", {"file": name, "seq": check.anchor.seq}))
    return problems


def add_stamp_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    stamp = sub.add_parser(
        "stamp",
        help="send the waiting trusted-timestamp requests now (exit 1 while some still wait)",
        parents=[common],
    )
    stamp.add_argument("case", metavar="CASE")
    stamp.set_defaults(func=cmd_stamp)


def item_anchor_fields(case: Any) -> dict[str, dict[str, Any]]:
    """Per item: the authority's time of the first token covering it, and the authority's name (or nulls)."""
    from evidence_kit.anchoring import item_anchors

    anchors = item_anchors(case)
    fields: dict[str, dict[str, Any]] = {}
    for item in case.evidence_items():
        anchor = anchors.get(item.id)
        fields[item.id] = {
            "timestamped_at": anchor.gen_time if anchor else None,
            "timestamp_authority": anchor.authority_name if anchor else None,
        }
    return fields


# --- parser -------------------------------------------------------------------------


def _byte_size(text: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    text = text.strip().lower().removesuffix("ib").removesuffix("b")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the size must be positive")
    return value


def _add_read_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    read = sub.add_parser(
        "read", help="read the text of the screenshots (offline) and propose the identifiers found", parents=[common]
    )
    read.add_argument("case", metavar="CASE")
    read.add_argument("ids", metavar="ID", nargs="*", help="the items to read (default: those not read yet)")
    read.add_argument("--json", action="store_true")
    read.add_argument("--engine", default="", help="text-recognition engine (default: tesseract, shipped)")
    read.add_argument("--accept-flags", action="store_true", help="add every proposed key passage to the timeline")
    read.add_argument(
        "--accept-identifiers", action="store_true", help="record every proposed identifier as an account or payment"
    )
    read.set_defaults(func=_optional("evidence_kit.ocr.commands", "cmd_read"))


class _VersionAction(argparse.Action):
    """The version and the lock file the dependencies come from; read only when asked (it checks every package)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from evidence_kit.build_identity import build_text

        print(f"evidence-kit {__version__}\n{build_text()}")
        parser.exit()


def _global_options(in_subcommand: bool) -> argparse.ArgumentParser:
    """The options every command takes, before or after its name.

    Inside a subcommand their defaults are suppressed: an option given before the subcommand
    (``evidence-kit --lang fr export …``) must not be overwritten by the subcommand's default.
    """
    unset = argparse.SUPPRESS if in_subcommand else None
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--lang", choices=["fr", "en"], default=unset, help="language of messages (default: the system's)"
    )
    options.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if in_subcommand else False,
        help="show tracebacks and debug logs",
    )
    options.add_argument("--passphrase-file", metavar="FILE", default=unset, help="read the case passphrase from FILE")
    return options


def build_parser() -> argparse.ArgumentParser:
    common = _global_options(in_subcommand=True)
    parser = _Parser(
        prog="evidence-kit",
        description="Evidence Kit: keep the proof, report, hand over a sealed dossier.",
        parents=[_global_options(in_subcommand=False)],
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="show the version and the lock file, then exit"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    case = sub.add_parser("case", help="create a case or change its passphrase", parents=[common])
    case_sub = case.add_subparsers(dest="case_command", required=True, parser_class=_Parser)
    create = case_sub.add_parser("create", help="create a case (prints the recovery code once)", parents=[common])
    create.add_argument("case", metavar="CASE")
    create.add_argument("--name", help="a name for the case")
    create.add_argument(
        "--timestamps",
        action="store_true",
        help="have the custody log dated by the default RFC 3161 authorities as the case grows (sends only hashes)",
    )
    create.add_argument(
        "--tsa",
        metavar="URL",
        action="append",
        default=[],
        help="like --timestamps, with this RFC 3161 authority instead of the defaults (repeatable)",
    )
    create.set_defaults(func=cmd_case_create)
    passwd = case_sub.add_parser(
        "passwd", help="change the passphrase (or reset it with the recovery code)", parents=[common]
    )
    passwd.add_argument("case", metavar="CASE")
    passwd.add_argument(
        "--recovery-code-file", metavar="F", help="open with the recovery code in F instead of the passphrase"
    )
    passwd.add_argument("--new-passphrase-file", metavar="F", help="read the new passphrase from F")
    passwd.add_argument(
        "--reencrypt",
        action="store_true",
        help="also encrypt everything already in the case again under the new key (slower; crash-safe)",
    )
    passwd.set_defaults(func=cmd_case_passwd)

    add = sub.add_parser("add", help="add files as evidence", parents=[common])
    add.add_argument("case", metavar="CASE")
    add.add_argument("files", metavar="FILE", nargs="+")
    add.add_argument("--kind", choices=[kind.value for kind in EvidenceKind], default=EvidenceKind.OTHER.value)
    add.add_argument("--platform")
    add.add_argument("--account")
    add.add_argument("--note")
    add.add_argument("--happened-at", metavar="ISO8601")
    add.add_argument(
        "--as-file", action="store_true", help="keep as a plain file even if it does not open as a picture"
    )
    add.add_argument("--max-size", type=_byte_size, metavar="SIZE", help="largest file accepted (default 4 GiB)")
    add.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="add the file a symbolic link points to (refused by default; recorded in the custody log)",
    )
    add.set_defaults(func=cmd_add)

    lst = sub.add_parser("list", help="list the evidence", parents=[common])
    lst.add_argument("case", metavar="CASE")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)

    extract = sub.add_parser("extract", help="write an item's original bytes back", parents=[common])
    extract.add_argument("case", metavar="CASE")
    extract.add_argument("id", metavar="ID")
    extract.add_argument("--out", required=True, metavar="FILE")
    extract.set_defaults(func=cmd_extract)

    log = sub.add_parser("log", help="show the chain of custody", parents=[common])
    log.add_argument("case", metavar="CASE")
    log.set_defaults(func=cmd_log)

    verify = sub.add_parser("verify", help="verify a case folder or a dossier PDF", parents=[common])
    verify.add_argument("target", metavar="CASE|FILE.pdf")
    verify.add_argument("--password-file", metavar="F", help="the dossier's password (for a PDF)")
    verify.add_argument("--json", action="store_true")
    verify.add_argument(
        "--no-record", action="store_true", help="write nothing in the case (no custody entry for this check)"
    )
    verify.add_argument(
        "--expect-fingerprint", metavar="HEX", help="fail unless the dossier's seal has this fingerprint"
    )
    verify.set_defaults(func=cmd_verify)

    export = sub.add_parser("export", help="export a sealed, encrypted PDF dossier", parents=[common])
    export.add_argument("case", metavar="CASE")
    export.add_argument("--recipient", choices=["police", "3018", "self"], required=True)
    export.add_argument("--out", required=True, metavar="FILE.pdf")
    export.add_argument("--password-file", metavar="F")
    export.add_argument("--no-originals", action="store_true")
    export.add_argument("--tsa", metavar="URL", help="ask this RFC 3161 timestamping authority (needs the network)")
    export.set_defaults(func=cmd_export_checked, dossier_lang=None)

    add_stamp_parser(sub, common)

    demo = sub.add_parser("demo", help="build a realistic synthetic case and its police dossier", parents=[common])
    demo.add_argument("--out", metavar="DIR", default="evidence-kit-demo")
    demo.set_defaults(func=_optional("evidence_kit.demo", "cmd_demo"))

    chat = sub.add_parser(
        "import-chat", help="import a WhatsApp, Telegram, Instagram or Messenger export", parents=[common]
    )
    chat.add_argument("case", metavar="CASE")
    chat.add_argument("export", metavar="EXPORT")
    chat.add_argument("--scammer", help="the scammer's name as it appears in the export")
    chat.add_argument("--json", action="store_true")
    chat.add_argument("--accept-flags", action="store_true", help="add every proposed key message to the timeline")
    chat.add_argument(
        "--accept-identifiers", action="store_true", help="record every proposed identifier as an account or payment"
    )
    chat.add_argument("--no-media", action="store_true", help="keep the media inside the sealed export only")
    chat.add_argument(
        "--text-only",
        action="store_true",
        help="keep only the export's fingerprint and the chat's text, never its pictures (for a zip that may hold "
        "intimate images)",
    )
    chat.add_argument("--conversation", default="", help="in an export of several conversations, the one to import")
    chat.add_argument(
        "--time-zone",
        default="",
        metavar="ZONE",
        help="the phone's time zone for exports whose times carry none, e.g. Europe/Paris (default: this computer's)",
    )
    chat.set_defaults(func=_optional("evidence_kit.chat.commands", "cmd_import_chat"))

    _add_read_parser(sub, common)
    _add_inspect_chat(sub, common)

    tour = sub.add_parser("tour", help="save a picture of every page of the wizard", parents=[common])
    tour.add_argument("--out", metavar="DIR", required=True)
    tour.set_defaults(func=_optional("evidence_kit.gui.tour", "cmd_tour"))

    _add_receive_parser(sub, common)

    gui = sub.add_parser("gui", help="open the window (the default without arguments)", parents=[common])
    gui.set_defaults(func=cmd_gui)
    return parser


def _add_receive_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    receive = sub.add_parser(
        "receive",
        help="receive files from a phone on the local network (QR code, encrypted end to end)",
        parents=[common],
    )
    receive.add_argument("case", metavar="CASE")
    receive.add_argument(
        "--bind", metavar="ADDR", help="address to listen on (default: this computer's private LAN one)"
    )
    receive.add_argument("--port", type=int, default=0, metavar="N", help="port (default: any free one)")
    receive.add_argument("--minutes", type=float, default=30.0, metavar="M", help="stop after M minutes (at most 30)")
    receive.add_argument("--max-files", type=int, default=0, metavar="N", help="stop once N files are stored")
    receive.add_argument("--json", action="store_true", help="one JSON line for the address, then one per file")
    receive.set_defaults(func=_optional("evidence_kit.receiver.commands", "cmd_receive"))


def _add_inspect_chat(sub: Any, common: argparse.ArgumentParser) -> None:
    """``inspect-chat``: read an export without a case and show what an import would see (issue 15)."""
    inspect = sub.add_parser(
        "inspect-chat", help="read a chat export without a case and show what an import would find", parents=[common]
    )
    inspect.add_argument("export", metavar="EXPORT")
    inspect.add_argument("--conversation", default="", metavar="TITLE", help="in an export of several, the one to read")
    inspect.add_argument("--scammer", default="", metavar="NAME", help="the scammer's name (with or without ~)")
    inspect.add_argument(
        "--time-zone", default="", metavar="ZONE", help="the phone's time zone, to show times with their offset"
    )
    inspect.add_argument("--json", action="store_true")
    inspect.set_defaults(func=_optional("evidence_kit.chat.inspection", "cmd_inspect_chat"))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from evidence_kit.cli_help import parse_in_language  # help and usage errors in the person's language

    parser, args = parse_in_language(build_parser, argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    if not getattr(args, "func", None):
        args.func = cmd_gui
    ctx = Context(args)
    if not isinstance(sys.stdout, QuietStdout):
        sys.stdout = QuietStdout(sys.stdout)  # type: ignore[assignment]
    try:
        return int(args.func(ctx))
    except EvidenceKitError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"evidence-kit: {ctx.error_text(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"evidence-kit: {ctx.t('error.cancelled')}", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - last resort: one line for people, the traceback under --debug
        if args.debug:
            traceback.print_exc()
        print(f"evidence-kit: {ctx.t('cli.internal_error')}", file=sys.stderr)
        return EXIT_PROBLEM
