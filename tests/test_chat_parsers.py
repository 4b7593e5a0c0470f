"""Parsers read hand-written exports of every format: WhatsApp (Android/iOS, FR/EN, 12/24 h), Telegram, Instagram,
Messenger; broken or foreign input gets our own error, never another exception."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.chat.meta import parse_meta, repair_mojibake
from evidence_kit.chat.model import ChatApp, ChatExportRejected
from evidence_kit.chat.reader import read_export, read_export_stream
from evidence_kit.chat.telegram import parse_telegram
from evidence_kit.chat.textcodec import decode_text
from evidence_kit.chat.whatsapp import parse_whatsapp, title_from_name
from evidence_kit.i18n import Translator

DATA = Path(__file__).parent / "data" / "chat"


def test_whatsapp_android_french_24h_with_system_line_multiline_and_attachment() -> None:
    parsed = read_export(DATA / "Discussion WhatsApp avec Lucas.txt")
    transcript = parsed.transcript
    assert transcript.format == ChatApp.WHATSAPP and parsed.container == "text"
    assert transcript.title == "Lucas"
    first = transcript.messages[0]
    assert first.system and first.author == "" and "chiffrés de bout en bout" in first.text
    assert transcript.participants() == ["Lucas", "Emma"]
    multi = transcript.messages[3]
    assert multi.at == "2024-03-13T21:02:00"
    assert multi.text == "Tu es trop belle\nenvoie-moi une photo de toi, juste pour moi"
    assert transcript.messages[4].attachments == ["IMG-20240313-WA0003.jpg"]
    assert transcript.messages[-1].text == "<Médias omis>"
    assert not transcript.time_zone_known


def test_whatsapp_android_english_12h_month_first() -> None:
    transcript = read_export(DATA / "WhatsApp Chat with Jake.txt").transcript
    assert transcript.title == "Jake"
    times = [m.at for m in transcript.messages]
    assert times[0] == "2024-03-14T21:05:00"
    assert "2024-03-15T23:58:00" in times  # 11:58 PM
    assert "2024-03-16T00:01:00" in times  # 12:01 AM is just after midnight
    assert transcript.messages[-1].attachments == ["IMG-20240316-WA0001.jpg"]
    wallet = next(m for m in transcript.messages if "wallet" in m.text)
    assert wallet.text.endswith("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")


def test_whatsapp_ios_french_with_invisible_marks_and_attachment() -> None:
    transcript = read_export(DATA / "_chat.txt").transcript
    assert transcript.messages[0].system
    assert transcript.participants() == ["Nina", "Léo"]
    photo = transcript.messages[3]
    assert photo.author == "Nina" and photo.attachments == ["00000003-PHOTO-2024-03-14-21-07-10.jpg"]
    assert photo.at == "2024-03-14T21:07:10"
    assert transcript.messages[4].text.endswith("sinon je publie tout sur ton insta")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[3/14/24, 9:05:12\u202fPM] Bob: hi", "2024-03-14T21:05:12"),  # iOS US, narrow no-break space
        ("[14/03/2024, 21:05:12] Bob: hi", "2024-03-14T21:05:12"),  # iOS UK
        ("14/03/2024 21:05 - Bob: hi", "2024-03-14T21:05:00"),  # older Android FR
        ("14.03.24, 21:05 - Bob: hi", "2024-03-14T21:05:00"),  # dotted dates
        ("2024-03-14 21:05 - Bob: hi", "2024-03-14T21:05:00"),  # year first
        ("3/14/24, 9:05 a.m. - Bob: hi", "2024-03-14T09:05:00"),
        ("14/03/2024 à 09:05 - Bob: hi", "2024-03-14T09:05:00"),
    ],
)
def test_whatsapp_date_and_time_variants(line: str, expected: str) -> None:
    transcript = parse_whatsapp(line + "\n")
    assert [(m.at, m.author, m.text) for m in transcript.messages] == [(expected, "Bob", "hi")]


def test_whatsapp_ambiguous_dates_follow_the_whole_file() -> None:
    text = "03/04/2024 10:00 - A: one\n13/04/2024 10:00 - A: two\n"
    assert parse_whatsapp(text).messages[0].at == "2024-04-03T10:00:00"  # day first, proved by 13/04
    text = "03/04/2024 10:00 - A: one\n04/13/2024 10:00 - A: two\n"
    assert parse_whatsapp(text).messages[0].at == "2024-03-04T10:00:00"  # month first, proved by 04/13


def test_whatsapp_utf16_and_legacy_encodings_are_read_and_reported() -> None:
    text = "14/03/2024 21:05 - Zoé: déjà vu\n"
    assert decode_text(text.encode("utf-16")).text == text
    parsed = read_export_stream(io.BytesIO(text.encode("cp1252")), "old.txt")
    assert parsed.transcript.messages[0].author == "Zoé"
    assert parsed.transcript.warnings == [("chat.warn.encoding", {"encoding": "cp1252"})]
    message = Translator("fr")("chat.warn.encoding", encoding="cp1252")
    assert "UTF-8" in message and "cp1252" in message


def test_lines_before_the_first_message_are_reported() -> None:
    transcript = parse_whatsapp("some heading\n14/03/2024 21:05 - A: hi\n")
    assert len(transcript.messages) == 1
    assert transcript.warnings == [("chat.warn.lines_skipped", {"n": 1})]


def test_title_from_export_names() -> None:
    assert title_from_name("WhatsApp Chat with Bob (2).txt") == "Bob"
    assert title_from_name("WhatsApp Chat - Bob.zip") == "Bob"
    assert title_from_name("Discussion WhatsApp avec Zoé.zip") == "Zoé"
    assert title_from_name("notes.txt") == ""


def test_telegram_result_json() -> None:
    transcript = read_export(DATA / "result.json").transcript
    assert transcript.format == ChatApp.TELEGRAM and transcript.title == "Kevin"
    assert transcript.time_zone_known
    assert transcript.messages[0].system
    assert transcript.messages[1].at == "2024-03-14T20:01:00Z"
    assert transcript.participant_ids["Kevin"] == "user5123456789"
    assert transcript.messages[3].attachments == ["photos/photo_1@14-03-2024_21-30-00.jpg"]
    rich = transcript.messages[4].text
    assert "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t" in rich and "https://t.me/kevin_backup" in rich


def test_telegram_full_export_with_several_chats_reads_the_one_named() -> None:
    chat = json.loads((DATA / "result.json").read_text(encoding="utf-8"))
    other = {
        "name": "Other",
        "type": "personal_chat",
        "id": 1,
        "messages": [dict(chat["messages"][2], **{"from": "Zoé"})],
    }
    full = {"about": "x", "chats": {"list": [chat, other]}}
    with pytest.raises(ChatExportRejected) as caught:
        parse_telegram(full)
    assert caught.value.key == "chat.reject.many_threads" and caught.value.params["titles"] == ["Kevin", "Other"]
    assert len(parse_telegram(full, wanted="other").messages) == 1
    assert len(parse_telegram(full, wanted="~ Kevin").messages) == len(chat["messages"])  # Kevin writes only there
    assert [m.author for m in parse_telegram(full, wanted="Zoé").messages] == ["Zoé"]


def test_instagram_json_mis_encoding_is_repaired_and_order_is_oldest_first() -> None:
    transcript = read_export(DATA / "message_1.json").transcript
    assert transcript.format == ChatApp.INSTAGRAM
    assert transcript.title == "Théo Martin"
    assert transcript.participants() == ["Théo Martin", "Inès"]
    assert [m.at for m in transcript.messages] == sorted(m.at for m in transcript.messages)
    assert transcript.messages[-1].text == "Tu as 48h. Envoie 250 € en Neosurf ou je montre la vidéo à tes parents 😈"
    assert transcript.messages[1].attachments[0].endswith("photos/1234.jpg")


def test_messenger_json_is_recognised_from_its_paths() -> None:
    document = {
        "participants": [{"name": "Marc Dupr\u00c3\u00a9"}, {"name": "Lou"}],
        "messages": [
            {
                "sender_name": "Marc Dupr\u00c3\u00a9",
                "timestamp_ms": 1710450000000,
                "content": "Salut",
                "photos": [{"uri": "your_facebook_activity/messages/inbox/marc_1/photos/1.jpg"}],
            }
        ],
        "title": "Marc Dupr\u00c3\u00a9",
        "thread_path": "inbox/marc_1",
    }
    transcript = parse_meta([document], "message_1.json")
    assert transcript.format == ChatApp.MESSENGER and transcript.platform == "facebook"
    assert transcript.messages[0].author == "Marc Dupré"


def test_mojibake_repair_leaves_correct_text_alone() -> None:
    assert repair_mojibake("Ã©tÃ©") == "été"
    assert repair_mojibake("été") == "été"
    assert repair_mojibake("plain") == "plain"
    assert repair_mojibake("😈 ok") == "😈 ok"


def test_truncated_json_is_partly_imported_with_a_warning() -> None:
    text = (DATA / "result.json").read_text(encoding="utf-8")
    cut = text[: text.index('"id": 104')]
    parsed = read_export_stream(io.BytesIO(cut.encode()), "result.json")
    assert parsed.transcript.title == "Kevin"
    assert len(parsed.transcript.messages) == 3
    assert parsed.transcript.warnings[-1] == ("chat.warn.json_truncated", {"n": 3})


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b'{"messages": [', "chat.reject.json_damaged"),
        (b'{"name": "x", "list": [1, 2]}', "chat.reject.not_a_chat"),
        (b"Dear friend,\nthis is a letter.\n", "chat.reject.not_a_chat"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "chat.reject.not_a_chat"),
        (b"", "reject.empty"),
        (b'{"name": "x", "type": "personal_chat", "messages": []}', "chat.reject.no_messages"),
    ],
)
def test_not_a_chat_is_refused_with_our_message(data: bytes, key: str) -> None:
    with pytest.raises(ChatExportRejected) as caught:
        read_export_stream(io.BytesIO(data), "thing.txt")
    assert caught.value.key == key
    assert "thing.txt" in caught.value.message(Translator("en"))


# --- property-based: nothing but our own error, whatever the input -------------------------------

_fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=30,
)
_chatty = st.dictionaries(
    st.sampled_from(
        ["messages", "participants", "name", "type", "title", "chats", "sender_name", "text", "from", "date"]
    ),
    _json_values,
    max_size=6,
)


@_fuzz
@given(st.text(max_size=2000))
def test_whatsapp_parser_raises_only_its_error(text: str) -> None:
    with contextlib.suppress(ChatExportRejected):
        parse_whatsapp(text)


@_fuzz
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["14/03/2024 à 21:05 - ", "[3/14/24, 9:05:12 PM] ", "99/99/99 99:99 - ", "1/1/1, 0:0 - "]),
            st.text(max_size=60),
        ),
        max_size=20,
    )
)
def test_whatsapp_parser_on_header_like_lines(lines: list[tuple[str, str]]) -> None:
    try:
        transcript = parse_whatsapp("\n".join(h + t for h, t in lines))
    except ChatExportRejected:
        return
    assert transcript.messages


@_fuzz
@given(_chatty | _json_values)
def test_json_parsers_raise_only_their_error(document: object) -> None:
    for parse in (parse_telegram, lambda d: parse_meta([d])):
        with contextlib.suppress(ChatExportRejected):
            parse(document)
    with contextlib.suppress(ChatExportRejected):
        read_export_stream(io.BytesIO(json.dumps(document).encode()), "x.json")


@_fuzz
@given(st.binary(max_size=3000))
def test_reader_raises_only_its_error_on_random_bytes(data: bytes) -> None:
    with contextlib.suppress(ChatExportRejected):
        read_export_stream(io.BytesIO(data), "random.bin")
