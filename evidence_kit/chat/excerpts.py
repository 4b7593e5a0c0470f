"""The transcript section of a dossier: each export's hash and its key messages with a little context."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from evidence_kit.chat.analysis import ProposalStatus
from evidence_kit.chat.importer import list_imports, load_transcript

log = logging.getLogger(__name__)

CONTEXT = 2  # messages shown before and after a flagged one
MAX_WINDOWS = 60  # per export: a dossier is read in minutes, the full transcript stays in the case
MAX_TEXT = 1500


@dataclass
class ExcerptMessage:
    index: int
    sender: str  # the author as the export shows it ("" for a notice of the app)
    at: str  # ISO 8601; naive when the export gives the phone's local time only
    text: str
    flagged: bool = False
    confirmed: bool = False
    flag_kinds: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)

    @property
    def author(self) -> str:
        return self.sender

    @property
    def time(self) -> str:
        return self.at


@dataclass
class Excerpt:
    """One run of consecutive messages around one or more flagged ones, from one export."""

    item_id: str
    sha256: str
    source_name: str
    platform: str
    title: str
    scammer: str
    time_zone_known: bool
    messages: list[ExcerptMessage]
    message_count: int = 0  # messages in the whole export
    scammer_given: bool = False  # False: the program proposed the scammer and nobody confirmed it
    assumed_time_zone: str = ""  # the zone taken for the phone's wall-clock times ("" when unknown or not needed)
    time_zone_source: str = ""  # why that zone (chat.model.TimeZoneSource)
    windows_left_out: int = 0  # runs of flagged messages of this export beyond MAX_WINDOWS, not shown


def transcript_excerpts(case: Any) -> list[Excerpt]:
    """Confirmed and still-proposed flags (never dismissed ones), each with ``CONTEXT`` messages around it."""
    excerpts: list[Excerpt] = []
    for record in list_imports(case):
        flags = {f.message_index: f for f in record.flags if f.status != ProposalStatus.DISMISSED}
        if not flags:
            continue
        transcript = load_transcript(case, record.transcript_id)
        all_windows = _windows(sorted(flags), len(transcript.messages))
        windows = all_windows[:MAX_WINDOWS]
        for start, end in windows:
            rows = []
            for message in transcript.messages[start:end]:
                flag = flags.get(message.index)
                text = message.text if len(message.text) <= MAX_TEXT else message.text[: MAX_TEXT - 1] + "…"
                rows.append(
                    ExcerptMessage(
                        index=message.index,
                        sender=message.author,
                        at=message.at,
                        text=text,
                        flagged=flag is not None,
                        confirmed=flag is not None and flag.status == ProposalStatus.ACCEPTED,
                        flag_kinds=[k.value for k in flag.kinds] if flag else [],
                        attachments=list(message.attachments),
                    )
                )
            excerpts.append(
                Excerpt(
                    item_id=record.item_id,
                    sha256=record.sha256,
                    source_name=record.source_name,
                    platform=record.platform,
                    title=record.title,
                    scammer=record.scammer,
                    time_zone_known=record.time_zone_known,
                    messages=rows,
                    message_count=len(transcript.messages),
                    scammer_given=record.scammer_given,
                    assumed_time_zone=record.assumed_time_zone,
                    time_zone_source=record.time_zone_source,
                    windows_left_out=len(all_windows) - len(windows),
                )
            )
    return excerpts


def _windows(indexes: list[int], total: int) -> list[tuple[int, int]]:
    """Merged [start, end) ranges of CONTEXT messages around each flagged index."""
    windows: list[tuple[int, int]] = []
    for index in indexes:
        start, end = max(0, index - CONTEXT), min(total, index + CONTEXT + 1)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows
