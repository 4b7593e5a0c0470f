"""The ``export`` command: writes a dossier, prints where it is, its SHA-256 and any proposed password."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from evidence_kit.core.errors import UsageError
from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier
from evidence_kit.i18n import system_language


def read_secret_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        raise UsageError("cli.secret_file_unreadable", path=path) from None


def cmd_export(ctx: Any) -> int:
    args = ctx.args
    password = read_secret_file(args.password_file) if args.password_file else None
    options = ExportOptions(
        recipient=Recipient(args.recipient),
        out=Path(args.out),
        lang=args.lang or system_language(),
        password=password,
        originals=False if args.no_originals else None,
        tsa_url=args.tsa,
    )
    with ctx.open_case(args.case) as case:
        result = export_dossier(case, options)
    for key in result.warnings:
        print(ctx.t("dossier.cli.warning", message=ctx.t(key)), file=sys.stderr)
    ctx.say("dossier.cli.exported", path=str(result.path))
    ctx.say("dossier.cli.sha256", sha256=result.sha256)
    ctx.say("dossier.cli.seal_fingerprint", fingerprint=result.seal_fingerprint)
    if result.timestamped:
        ctx.say("dossier.cli.timestamped")
    if result.password_generated:
        ctx.say("dossier.cli.password", password=result.password)
    else:
        ctx.say("dossier.cli.password_chosen")
    return 0
