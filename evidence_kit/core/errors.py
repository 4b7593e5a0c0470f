"""The errors a person can meet, each carrying the message they read and the command line's exit code.

Messages live in the catalogs (``resources/i18n/core.toml``); an error holds a
message key and its parameters, and each face translates it.
"""

from __future__ import annotations

from typing import Any


class EvidenceKitError(Exception):
    """Base of every error a person may see."""

    exit_code = 1
    default_key = "error.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.default_key
        self.params = params
        super().__init__(self.key)

    def message(self, translate: Any) -> str:
        """The sentence for a person, given a translator (``evidence_kit.i18n.Translator``)."""
        return str(translate(self.key, **self.params))

    def __str__(self) -> str:
        # English text for tracebacks under --debug; never logged with personal data.
        try:
            from evidence_kit.i18n import Translator

            return self.message(Translator("en"))
        except Exception:  # noqa: BLE001 - a broken catalog must not hide the original error
            return f"{self.key} {self.params}"


class UsageError(EvidenceKitError):
    exit_code = 2
    default_key = "error.usage"


class CaseNotFound(UsageError):
    default_key = "error.case_not_found"


class CaseExists(UsageError):
    default_key = "error.case_exists"


class WrongSecret(EvidenceKitError):
    """A passphrase, recovery code or dossier password that does not open the thing."""

    exit_code = 3
    default_key = "error.wrong_passphrase"


class InputRejected(EvidenceKitError):
    """A file that cannot become evidence; the case is unchanged."""

    exit_code = 4
    default_key = "error.input_rejected"


class CaseDamaged(EvidenceKitError):
    """The case's files were changed or damaged outside the program."""

    exit_code = 1
    default_key = "error.case_damaged"


class CaseBusy(EvidenceKitError):
    """The case is open in another window or program (not a finding about the case: its own exit code)."""

    exit_code = 5
    default_key = "error.case_busy"


class CaseLocked(EvidenceKitError):
    """The case was locked (quick exit, inactivity) and must be opened again."""

    exit_code = 1
    default_key = "error.case_locked"


class StorageError(EvidenceKitError):
    """The disk refused a write (full, read-only, removed); nothing was lost."""

    exit_code = 1
    default_key = "error.storage"


class Cancelled(EvidenceKitError):
    exit_code = 1
    default_key = "error.cancelled"


class EvidenceRuleViolation(EvidenceKitError):
    """An action that would break the "screenshot before blocking" rule or another rule of the case."""

    exit_code = 4
    default_key = "error.rule"
