"""One contract, run over every registered chat-export format and each of its fixtures: recognised by its own
sniff only, read with the counts, authors and notices written below (by reading the files), and never anything
but our own refusal on mutated input."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidence_kit.chat import formats
from evidence_kit.chat.formats.base import ExportText
from evidence_kit.chat.model import ChatExportRejected
from evidence_kit.chat.textcodec import decode_text

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Fixture:
    path: str  # under tests/data
    count: int
    authors: frozenset[str]  # who writes (system notices aside)
    system: tuple[int, ...]  # indexes of the app's own notices


FIXTURES: dict[str, list[Fixture]] = {
    "whatsapp-text": [
        Fixture("chats/whatsapp/ios-en-attachments/_chat.txt", 13, frozenset({"Jay", "Sam"}), (0, 7)),
        Fixture(
            "chats/whatsapp/ios-de-group/_chat.txt", 13, frozenset({"Ali", "Leon", "Mia"}), (0, 1, 2, 3, 8, 11, 12)
        ),
        Fixture("chats/whatsapp/android-fr-attachments.txt", 10, frozenset({"Lucas", "Emma"}), (0, 9)),
        Fixture("chats/whatsapp/android-fi-klo.txt", 4, frozenset({"Aino", "Eero"}), (0,)),
        Fixture("chats/whatsapp/android-hu-dotted.txt", 3, frozenset({"Anna", "Bence"}), ()),
        Fixture("chats/whatsapp/android-nl-colon.txt", 4, frozenset({"Sanne", "Daan"}), (2,)),
        Fixture("chats/whatsapp/android-es-12h.txt", 6, frozenset({"Lucía", "Pablo"}), (0, 4)),
        Fixture(
            "chats/chat-miner/whatsapp-test_mmddyyyy_12hrs.txt",
            9,
            frozenset({"John Doe", "Jahn Doe", "John-John Doe", "John Doe 🤓", "🤓"}),
            (4, 5),
        ),
        Fixture("chat/Discussion WhatsApp avec Lucas.txt", 13, frozenset({"Lucas", "Emma"}), (0,)),
    ],
    "telegram-json": [
        Fixture("chats/chat-miner/telegram-test_single_export.json", 2, frozenset({"Author 1", "Author 2"}), ()),
        Fixture("chats/chat-miner/telegram-test_batch_export.json", 2, frozenset({"Author 1", "Author 2"}), ()),
        Fixture("chat/result.json", 5, frozenset({"Kevin", "Chloé"}), (0,)),
    ],
    "telegram-html": [
        Fixture("chats/telegram-html/ChatExport_2024-03-15/messages.html", 5, frozenset({"Kevin", "Chloé"}), (2,)),
        # a second page read alone: its first message is joined to the previous page's last author, unknown here
        Fixture("chats/telegram-html/ChatExport_2024-03-15/messages2.html", 2, frozenset({"", "Chloé"}), ()),
    ],
    "snapchat-json": [
        Fixture("chats/snapchat/chat_history_2022.json", 2, frozenset({"jay_sk8_2009", "(account owner)"}), ()),
    ],
    "tiktok-json": [
        Fixture("chats/tiktok/user_data.json", 3, frozenset({"sk8r.jay", "lea.b"}), ()),
    ],
    "discord-json": [
        Fixture("chats/discord/chat-exporter.json", 4, frozenset({"Jay", "Léa"}), (2,)),
    ],
    "meta-json": [
        Fixture("chats/chat-miner/instagram-test_export.json", 2, frozenset({"Jane Doe", "John Doe"}), ()),
        Fixture("chat/message_1.json", 4, frozenset({"Théo Martin", "Inès"}), ()),
    ],
}


def _export(fixture: Fixture) -> ExportText:
    path = DATA / fixture.path
    return ExportText(path.name, decode_text(path.read_bytes()).text)


def test_every_registered_format_has_fixtures() -> None:
    assert {f.name for f in formats.REGISTRY} == set(FIXTURES)


@pytest.mark.parametrize("format_name", sorted(FIXTURES))
class TestChatFormatContract:
    def test_each_fixture_is_recognised_by_this_format_alone(self, format_name: str) -> None:
        for fixture in FIXTURES[format_name]:
            export = _export(fixture)
            claimed = [f.name for f in formats.REGISTRY if f.sniff(export)]
            assert claimed == [format_name], fixture.path

    def test_counts_authors_and_notices(self, format_name: str) -> None:
        chat_format = formats.by_name(format_name)
        for fixture in FIXTURES[format_name]:
            transcript = chat_format.parse(_export(fixture))
            messages = transcript.messages
            assert len(messages) == fixture.count, fixture.path
            assert [m.index for m in messages] == list(range(len(messages)))
            assert {m.author for m in messages if not m.system} == fixture.authors, fixture.path
            assert tuple(m.index for m in messages if m.system) == fixture.system, fixture.path
            assert all(m.author == "" for m in messages if m.system)
            assert transcript.format == chat_format.app or format_name == "meta-json"

    def test_mutated_input_is_read_or_refused_never_crashes(self, format_name: str) -> None:
        chat_format = formats.by_name(format_name)
        rng = random.Random(15)
        for fixture in FIXTURES[format_name]:
            text = _export(fixture).untrusted_text
            mutants = [text[:cut] for cut in range(0, len(text), max(1, len(text) // 12))]
            for _ in range(25):
                chars = list(text)
                for _ in range(rng.randint(1, 6)):
                    chars[rng.randrange(len(chars))] = rng.choice('{}[]":,\n\u200e\u202f/.-0123456789~a')
                mutants.append("".join(chars))
            lines = text.split("\n")
            rng.shuffle(lines)
            mutants.append("\n".join(lines))
            for mutant in mutants:
                export = ExportText(fixture.path, mutant)
                try:
                    if chat_format.sniff(export):
                        transcript = chat_format.parse(export)
                        assert all(isinstance(m.text, str) and isinstance(m.author, str) for m in transcript.messages)
                except ChatExportRejected:
                    pass

    def test_documents_its_variants(self, format_name: str) -> None:
        assert len(formats.by_name(format_name).variants) > 40
