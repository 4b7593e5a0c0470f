"""What this computer has seen of each case: the highest journal length, so an older copy put back is noticed.

A backup restored over a case, or a cloud-sync conflict, can put back an older ``journal.ek`` and
``head.ek``: a consistent, authentic, but older state, which verifies on its own.  Each computer
keeps, outside the case (in the user's data folder), the highest number of journal records it has
seen per case and when.  The file names no case: each is known by a keyed hash only the case's key
can recompute, and it holds no personal data.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from evidence_kit.core.crypto import subkey

log = logging.getLogger(__name__)

APP_NAME = "evidence-kit"
FILE_NAME = "seen-cases.json"


@dataclass(frozen=True)
class Rollback:
    """The case on disk is older than one this computer saw."""

    seen_records: int  # journal records this computer saw
    seen_at: str  # when (UTC, ISO 8601)
    found_records: int  # journal records on disk now


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / FILE_NAME


class SeenCases:
    """The per-computer record; a missing or unreadable file is an empty one (never a reason not to open)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    @staticmethod
    def case_key(data_key: bytes, case_id: str) -> str:
        return hmac.new(subkey(data_key, "evidence-kit seen v1"), case_id.encode(), sha256).hexdigest()

    def _read(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def check(self, key: str, records: int) -> Rollback | None:
        """A ``Rollback`` when this computer saw more journal records for this case than there are now."""
        entry = self._read().get(key)
        if not isinstance(entry, dict):
            return None
        seen = entry.get("records")
        if isinstance(seen, int) and seen > records:
            return Rollback(seen, str(entry.get("at", "")), records)
        return None

    def remember(self, key: str, records: int, at: str) -> None:
        """Raise the remembered count to ``records`` (never lower it); failures only cost the warning."""
        data = self._read()
        entry = data.get(key)
        previous = entry.get("records") if isinstance(entry, dict) else None
        if isinstance(previous, int) and previous >= records:
            return
        data[key] = {"records": records, "at": at}
        tmp = self.path.with_name(self.path.name + ".partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("could not remember the case's state on this computer: %s", type(exc).__name__)
