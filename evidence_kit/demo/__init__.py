"""``evidence-kit demo``: a realistic, entirely made-up case and its police dossier, to see the program do its job.

``build_demo_case(folder, passphrase, lang)`` builds the case alone (the GUI's
tour uses it); ``cmd_demo`` also exports the police dossier and prints where
everything is, with the secrets that open it.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence_kit.core.errors import UsageError
from evidence_kit.demo.scenario import DemoCase, build, build_demo_case, demo_bitcoin_address

log = logging.getLogger(__name__)

__all__ = ["DemoResult", "build_demo_case", "cmd_demo", "demo_bitcoin_address", "run_demo"]

CASE_FOLDER = "case"
PICTURES_FOLDER = "pictures"


@dataclass
class DemoResult:
    case_folder: Path
    reference: str
    passphrase: str
    recovery_code: str
    pictures: list[Path]
    dossier: Path | None = None  # None when this version cannot export dossiers
    dossier_sha256: str = ""
    dossier_password: str = ""
    seal_fingerprint: str = ""


def new_passphrase() -> str:
    """A strong passphrase for the demo case, in the same read-aloud groups as dossier passwords."""
    try:
        from evidence_kit.dossier.password import propose_password

        return propose_password()
    except ImportError:
        alphabet = "acefhkqrsuwxyz2345679"
        return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(5))


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError("demo.error.out_not_empty", path=str(out))


def run_demo(out: Path, lang: str = "fr", passphrase: str | None = None) -> DemoResult:
    """Build the demo case in ``out/case``, its pictures in ``out/pictures``, and export the police dossier."""
    out = Path(out)
    _check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    passphrase = passphrase or new_passphrase()
    demo: DemoCase = build(out / CASE_FOLDER, passphrase, lang, pictures_dir=out / PICTURES_FOLDER)
    with demo.case as case:
        result = DemoResult(out / CASE_FOLDER, case.reference, passphrase, demo.recovery_code, demo.pictures)
        _export(case, out, lang, result)
    return result


def _export(case: Any, out: Path, lang: str, result: DemoResult) -> None:
    try:
        from evidence_kit.dossier.export import ExportOptions, Recipient, export_dossier
    except ImportError as exc:
        log.debug("dossier export unavailable: %s", exc)
        return
    target = out / f"dossier-police-{case.reference}.pdf"
    exported = export_dossier(case, ExportOptions(recipient=Recipient.POLICE, out=target, lang=lang))
    result.dossier = exported.path
    result.dossier_sha256 = exported.sha256
    result.dossier_password = exported.password
    result.seal_fingerprint = getattr(exported, "seal_fingerprint", "")


def cmd_demo(ctx: Any) -> int:
    from evidence_kit.i18n import system_language

    lang = ctx.args.lang or system_language()
    out = Path(ctx.args.out)
    _check_out(out)
    ctx.say("demo.cli.building")
    result = run_demo(out, lang)
    ctx.say("demo.cli.case", path=str(result.case_folder), reference=result.reference)
    ctx.say("demo.cli.pictures", path=str(out / PICTURES_FOLDER))
    ctx.say("demo.cli.passphrase", passphrase=result.passphrase)
    ctx.say("demo.cli.recovery_code", code=result.recovery_code)
    if result.dossier is None:
        ctx.say("demo.cli.no_dossier")
        return 0
    ctx.say("demo.cli.dossier", path=str(result.dossier))
    ctx.say("demo.cli.sha256", sha256=result.dossier_sha256)
    ctx.say("demo.cli.password", password=result.dossier_password)
    if result.seal_fingerprint:
        ctx.say("demo.cli.seal_fingerprint", fingerprint=result.seal_fingerprint)
    ctx.say("demo.cli.try", case=str(result.case_folder), dossier=str(result.dossier))
    ctx.warn("demo.cli.warning")
    return 0
