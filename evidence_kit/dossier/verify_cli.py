"""The ``verify FILE.pdf`` command: 0 when the dossier holds, 1 naming what fails, 3 on a wrong password."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from evidence_kit.core.errors import UsageError
from evidence_kit.dossier.commands import read_secret_file
from evidence_kit.dossier.verify import verify_dossier


def _password(ctx: Any) -> str:
    if getattr(ctx.args, "password_file", None):
        return read_secret_file(ctx.args.password_file)
    env = os.environ.get("EVIDENCE_KIT_DOSSIER_PASSWORD")
    if env:
        return env
    if not sys.stdin.isatty():
        raise UsageError("dossier.verify.password_needed")
    return getpass.getpass(ctx.t("dossier.verify.prompt_password") + " ")


def _hex(text: str) -> str:
    """A fingerprint as given out of band: spaces, colons and case do not matter."""
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")


def _message(t: Any, problem: Any) -> str:
    """A problem in words; a token's reason (``reason_key``) is said with the timestamp catalog's words."""
    params = dict(problem.params)
    if "reason_key" in params:
        params["reason"] = t("anchor.reason." + str(params.pop("reason_key")))
    return str(t(problem.key, **params))


def _token_lines(ctx: Any, report: Any) -> None:
    from evidence_kit.dossier.content import no_later_than
    from evidence_kit.i18n import times

    t = ctx.t
    for token in report.tokens:
        if not token["ok"]:
            continue
        ctx.say(
            "dossier.verify.token_ok",
            file=token["file"],
            seq=token["seq"],
            at=times.short_time(t, no_later_than(token["gen_time"]), None, seconds=True),
            authority=token["authority"],
            trust=t("anchor.trust." + token["trust"], root=token["root"] or "?"),
        )


def verify_dossier_command(ctx: Any, path: Path) -> int:
    report = verify_dossier(path, _password(ctx))
    t = ctx.t
    expected = getattr(ctx.args, "expect_fingerprint", None)
    if expected is not None and _hex(expected) != report.seal_fingerprint:
        # A valid seal by someone else is no seal at all: the fingerprint was given by phone for this.
        report.add("dossier.problem.unexpected_seal", expected=_hex(expected), found=report.seal_fingerprint or "-")
    if ctx.args.json:
        data = report.to_json()
        for problem, kept in zip(data["problems"], report.problems, strict=True):
            problem["message"] = _message(t, kept)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    if report.ok:
        ctx.say(
            "dossier.verify.ok",
            reference=report.reference,
            attachments=report.attachments_checked,
            entries=report.custody_entries,
        )
    else:
        print(t("dossier.verify.failed"), file=sys.stderr)
        for problem in report.problems or []:
            print("  - " + _message(t, problem), file=sys.stderr)
    if report.seal_fingerprint:
        ctx.say("dossier.verify.fingerprint", fingerprint=report.seal_fingerprint)
    if report.timestamp and report.timestamp.get("valid"):
        ctx.say("dossier.verify.timestamp_ok", at=report.timestamp["gen_time"], authority=report.timestamp["authority"])
    elif not report.timestamp and not report.tokens:
        ctx.say("dossier.verify.no_timestamp")
    _token_lines(ctx, report)
    if report.signature_timestamp:
        ctx.say("dossier.verify.signature_timestamp", at=report.signature_timestamp)
    return 0 if report.ok else 1
