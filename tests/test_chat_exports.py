"""Exports as people really have them (tests/data/chats, see its README): every expected value below was written
by reading the file, not by running the parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_kit.chat.analysis import analyse, match_participant
from evidence_kit.chat.flags import FlagKind
from evidence_kit.chat.model import ChatApp, ChatExportRejected
from evidence_kit.chat.reader import read_export
from evidence_kit.core.phone import display_phone, normalise_phone, region_of, written_phone

CHATS = Path(__file__).parent / "data" / "chats"
MINER = CHATS / "chat-miner"
WA = CHATS / "whatsapp"


def _phones(path: Path, region: str = "FR") -> list[str]:
    transcript = read_export(path).transcript
    return sorted(p.value for p in analyse(transcript, "", region).identifiers if p.kind.value == "phone")


# --- 1. identifiers come from what someone wrote ------------------------------------------------------


def test_ios_attachment_names_and_screenshots_give_no_phone_only_the_written_one() -> None:
    # The file names hold 2021-06-15-08-06-53 and 2024-01-29 203050; the only number written is +44 7911 123456.
    assert _phones(WA / "ios-en-attachments" / "_chat.txt") == ["+447911123456"]


def test_android_file_names_dates_and_times_give_no_phone_only_the_written_one() -> None:
    # IMG-20240129-WA0003.jpg, "Screenshot 2024-01-29 203050.png", "30.01.2024 à 14:30"; written: 06 12 34 56 78.
    assert _phones(WA / "android-fr-attachments.txt") == ["+33612345678"]


@pytest.mark.parametrize(
    "text",
    [
        "<attached: 00000145-PHOTO-2021-06-15-08-06-53.jpg>",
        "Screenshot 2024-01-29 203050.png",
        "IMG-20210615-WA0001.jpg (file attached)",
        "2015-08-04-PHOTO-00004762.jpg <\u200eattached>",
        "le 15.06.2021 à 08:06:53",
        "https://example.org/photos/0612345678/view",
        "ref 0612345678901",
        "12 34 56 78 90",
    ],
)
def test_digits_that_are_no_written_phone_number(text: str) -> None:
    from evidence_kit.chat.identifiers import find_identifiers

    assert [i for i in find_identifiers(text, "FR") if i.kind.value == "phone"] == []


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("0612345678", "FR", "+33612345678"),
        ("+33 6 12 34 56 78", "FR", "+33612345678"),
        ("0033 6 12 34 56 78", "DE", "+33612345678"),
        ("(202) 555-0143", "US", "+12025550143"),
        ("+44 7911 123456", "FR", "+447911123456"),
        ("0151 12345678", "DE", "+4915112345678"),
    ],
)
def test_written_phone_numbers_in_their_usual_shapes(text: str, region: str, e164: str) -> None:
    assert written_phone(text, region) == e164


def test_a_number_followed_by_other_digits_is_still_read() -> None:
    from evidence_kit.chat.identifiers import find_identifiers

    found = [(i.value, i.raw) for i in find_identifiers("appelle le 06 12 34 56 78 2 fois", "FR")]
    assert found == [("+33612345678", "06 12 34 56 78")]


def test_a_national_form_belongs_to_the_chats_country_only() -> None:
    assert written_phone("0612345678", "FR") == "+33612345678"
    assert written_phone("2025550143", "US") == ""  # ten bare digits: no written shape of a US number
    assert written_phone("06 12 34 56 78", "US") == ""


def test_phone_display_is_national_at_home_international_elsewhere() -> None:
    assert display_phone("+33612345678", "FR") == "06 12 34 56 78"
    assert display_phone("+447911123456", "FR") == "+44 7911 123456"
    assert normalise_phone("06 12 34 56 78") == "+33612345678"
    assert normalise_phone("not a number") == ""
    assert region_of("+4915112345678") == "DE"


# --- 2. notices are notices, names as a person reads them -----------------------------------------


def test_ios_english_notices_are_system_and_tilde_names_are_clean() -> None:
    transcript = read_export(WA / "ios-en-attachments" / "_chat.txt").transcript
    assert len(transcript.messages) == 13
    assert transcript.participants() == ["Jay", "Sam"]  # "~ Jay" in the file
    system = [m.index for m in transcript.messages if m.system]
    assert system == [0, 7]  # the encryption notice and the missed voice call, both filed under Jay
    photo = transcript.messages[3]
    assert photo.author == "Jay" and not photo.system
    assert photo.attachments == ["00000145-PHOTO-2021-06-15-08-06-53.jpg"]
    assert transcript.messages[6].author == "Jay" and transcript.messages[6].text == "image omitted"
    assert match_participant(transcript, "~ Jay") == "Jay" == match_participant(transcript, "jay")


def test_ios_german_group_name_is_never_a_participant() -> None:
    transcript = read_export(WA / "ios-de-group" / "_chat.txt").transcript
    assert len(transcript.messages) == 13
    assert sorted(transcript.participants()) == ["Ali", "Leon", "Mia"]
    system = [m.index for m in transcript.messages if m.system]
    # encryption, created, two additions, the subject change, the missed call, Mia leaving
    assert system == [0, 1, 2, 3, 8, 11, 12]
    assert all(m.author == "" for m in transcript.messages if m.system)
    assert transcript.messages[6].author == "Leon" and transcript.messages[6].attachments
    assert transcript.messages[7].author == "Leon"  # "Bild weggelassen": Leon sent a picture


def test_android_notices_in_spanish_french_dutch() -> None:
    spanish = read_export(WA / "android-es-12h.txt").transcript
    assert [m.system for m in spanish.messages] == [True, False, False, False, True, False]
    french = read_export(WA / "android-fr-attachments.txt").transcript
    assert french.messages[0].system and french.messages[-1].system
    assert french.participants() == ["Lucas", "Emma"]
    dutch = read_export(WA / "android-nl-colon.txt").transcript
    assert [m.author for m in dutch.messages] == ["Sanne", "Daan", "", "Sanne"]


@pytest.mark.parametrize(
    "body",
    [
        "Los mensajes y las llamadas están cifrados de extremo a extremo.",
        "I messaggi e le chiamate sono crittografati end-to-end.",
        "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta.",
        "Berichten en oproepen worden end-to-end versleuteld.",
        "Mesajlar ve aramalar uçtan uca şifrelidir.",
        "الرسائل والمكالمات مشفرة تمامًا بين الطرفين.",
        "Appel vocal manqué",
        "Verpasster Videoanruf",
        "Nachrichten, die du in diesem Chat sendest, sowie Anrufe sind jetzt mit Ende-zu-Ende-Verschlüsselung"
        " geschützt.",
        "Los mensajes que envías a este chat y las llamadas ahora están protegidos con cifrado de extremo a extremo.",
        "As mensagens e as chamadas estão encriptadas ponto a ponto.",
        "Messages to this group are now secured with end-to-end encryption. Tap for more info.",
    ],
)
def test_notices_no_person_types_are_system_even_without_the_mark(body: str) -> None:
    from evidence_kit.chat.whatsapp import parse_whatsapp

    transcript = parse_whatsapp(f"13/06/2018, 21:25 - Ana: {body}\n13/06/2018, 21:26 - Ana: hola\n")
    assert transcript.messages[0].system and transcript.participants() == ["Ana"]


# --- 3. header layouts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first_at", "last_at", "authors"),
    [
        ("android-fi-klo.txt", "2018-06-13T21:25:15", "2018-06-14T08:05:40", ["", "Aino", "Eero", "Aino"]),
        ("android-hu-dotted.txt", "2018-06-13T21:25:15", "2018-06-14T08:05:40", ["Anna", "Bence", "Anna"]),
        ("android-nl-colon.txt", "2018-06-13T21:25:15", "2018-06-14T08:05:40", ["Sanne", "Daan", "", "Sanne"]),
        (
            "android-es-12h.txt",
            "2020-06-20T00:08:00",
            "2020-06-21T23:59:00",
            ["", "Lucía", "Pablo", "Lucía", "", "Pablo"],
        ),
    ],
)
def test_header_layouts_of_several_locales(name: str, first_at: str, last_at: str, authors: list[str]) -> None:
    transcript = read_export(WA / name).transcript
    assert [m.author for m in transcript.messages] == authors
    assert transcript.messages[0].at == first_at and transcript.messages[-1].at == last_at


def test_twelve_hour_header_at_hour_zero_is_its_own_message() -> None:
    transcript = read_export(WA / "android-es-12h.txt").transcript
    assert transcript.messages[1].text == "hola" and transcript.messages[2].at == "2020-06-20T00:09:00"


@pytest.mark.parametrize(
    "name",
    [
        "whatsapp-test_ddmmyy_24hrs.txt",
        "whatsapp-test_mmddyy_24hrs.txt",
        "whatsapp-test_mmddyyyy_12hrs.txt",
        "whatsapp-test_[mmddyy]_24hrs.txt",
        "whatsapp-test_yyyymmdd_24hrs.txt",
    ],
)
def test_chat_miner_whatsapp_samples_in_every_date_order(name: str) -> None:
    # chat-miner's target.json: the same nine messages in each layout; 2019-01-20 has "John Doe:." (text ".").
    transcript = read_export(MINER / name).transcript
    assert len(transcript.messages) == 9
    assert [m.at[:10] for m in transcript.messages][:3] == ["2019-01-01", "2019-01-20", "2019-01-30"]
    assert transcript.messages[1].author == "John Doe" and transcript.messages[1].text == "."
    assert transcript.messages[3].text == "Lorem ipsum : dolor sit amet."
    assert transcript.messages[4].system and transcript.messages[5].system  # created group, You were added
    assert transcript.messages[-1].at == "2021-12-30T22:01:00"
    assert transcript.messages[-1].text.endswith("consectetur adipiscing elit. Duis libero.")


def test_an_ambiguous_date_order_is_said() -> None:
    from evidence_kit.chat.whatsapp import parse_whatsapp

    transcript = parse_whatsapp("03/06/2018, 21:25 - a: m\n04/06/2018, 21:26 - b: n\n")
    assert [k for k, _ in transcript.warnings] == ["chat.warn.date_order_guessed"]
    settled = parse_whatsapp("03/06/2018, 21:25 - a: m\n13/06/2018, 21:26 - b: n\n")
    assert settled.warnings == [] and settled.messages[0].at == "2018-06-03T21:25:00"


# --- 5. the right app, or a clear refusal -------------------------------------------------------------


def test_signal_export_is_refused_by_name() -> None:
    with pytest.raises(ChatExportRejected) as raised:
        read_export(MINER / "signal-test_export.txt")
    assert raised.value.key == "chat.reject.unsupported_app" and raised.value.exit_code == 4


def test_telegram_result_json_without_top_level_keys() -> None:
    transcript = read_export(MINER / "telegram-test_single_export.json").transcript
    assert transcript.format == ChatApp.TELEGRAM
    assert [m.author for m in transcript.messages] == ["Author 1", "Author 2"]
    assert transcript.messages[0].at == "2018-12-05T10:39:10Z"  # 1544006350


# --- 5. the platform from the export's structure --------------------------------------------------


def _meta_zip(tmp_path: Path, folder: str, text: str) -> Path:
    import json
    import zipfile

    document = {
        "participants": [{"name": "Jane Doe"}, {"name": "John Doe"}],
        "messages": [
            {"sender_name": "John Doe", "timestamp_ms": 1579294140000, "content": text},
            {"sender_name": "Jane Doe", "timestamp_ms": 1577186580000, "content": "Hello John!"},
        ],
        "title": "John Doe",
    }
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{folder}/messages/inbox/johndoe_1234/message_1.json", json.dumps(document))
    return path


def test_facebook_export_talking_about_instagram_is_messenger(tmp_path: Path) -> None:
    path = _meta_zip(tmp_path, "your_facebook_activity", "add me on instagram.com/johndoe")
    transcript = read_export(path).transcript
    assert transcript.format == ChatApp.MESSENGER and transcript.platform == "facebook"
    assert not transcript.warnings


def test_instagram_export_talking_about_facebook_is_instagram(tmp_path: Path) -> None:
    path = _meta_zip(tmp_path, "your_instagram_activity", "my facebook is facebook.com/johndoe")
    assert read_export(path).transcript.format == ChatApp.INSTAGRAM


def test_a_bare_meta_file_says_its_platform_was_guessed(tmp_path: Path) -> None:
    bare = tmp_path / "message_1.json"
    bare.write_bytes((MINER / "instagram-test_export.json").read_bytes())
    transcript = read_export(bare).transcript
    assert [m.author for m in transcript.messages] == ["Jane Doe", "John Doe"]  # oldest first
    assert [k for k, _ in transcript.warnings] == ["chat.warn.platform_guessed"]


# --- 8. Telegram Desktop's HTML export ----------------------------------------------------------------


def test_telegram_html_zip_joins_pages_authors_notices_and_offsets(tmp_path: Path) -> None:
    import zipfile

    folder = CHATS / "telegram-html" / "ChatExport_2024-03-15"
    path = tmp_path / "Telegram.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for page in ("messages.html", "messages2.html"):
            archive.write(folder / page, f"ChatExport_2024-03-15/{page}")
        archive.writestr("ChatExport_2024-03-15/photos/photo_1@14-03-2024_21-07-10.jpg", b"\xff\xd8\xff\xe0 jpeg")
    parsed = read_export(path)
    transcript = parsed.transcript
    assert transcript.format == ChatApp.TELEGRAM and transcript.title == "Kevin" and transcript.time_zone_known
    assert [m.author for m in transcript.messages] == ["Kevin", "Kevin", "", "Chloé", "Kevin", "Kevin", "Chloé"]
    assert transcript.messages[1].text == "tu es trop belle\nenvoie-moi une photo"  # joined: Kevin, <br> kept
    assert transcript.messages[5].at == "2024-03-15T00:00:05+01:00"  # joined across pages: still Kevin
    assert transcript.messages[6].text == "Bonne année ma chérie"  # forwarded by Chloé (Maman wrote it)
    assert parsed.media == [
        ("ChatExport_2024-03-15/photos/photo_1@14-03-2024_21-07-10.jpg", "photos/photo_1@14-03-2024_21-07-10.jpg")
    ]
    phones = [p.value for p in analyse(transcript, "Kevin").identifiers if p.kind.value == "phone"]
    assert phones == ["+33612345678"]  # not the photo's 14-03-2024_21-07-10


def test_a_colon_inside_a_quoted_subject_is_no_authors_colon() -> None:
    from evidence_kit.chat.whatsapp import parse_whatsapp

    transcript = parse_whatsapp(
        '12/03/2024, 20:14 - Alice changed the subject from "a" to "Maths: homework"\n'
        "12/03/2024, 20:15 - Alice: ok\n"
        "12/03/2024, 20:16 - Bob Left: hi\n"
        "12/03/2024, 20:17 - Léa a créé le groupe « Sortie : samedi »\n"
        '12/03/2024, 20:18 - Léa: il a dit "viens": ok\n'
    )
    assert [(m.author, m.system) for m in transcript.messages] == [
        ("", True),
        ("Alice", False),
        ("Bob Left", False),
        ("", True),
        ("Léa", False),
    ]
    assert transcript.messages[3].text == "Léa a créé le groupe « Sortie : samedi »"


def test_a_question_about_time_is_no_deadline() -> None:
    from evidence_kit.chat.flags import flag_message

    assert flag_message("tu as 10 minutes ?") is None
    found = flag_message("Tu as 24h.")
    assert found is not None and found.kinds == (FlagKind.THREAT,)


# --- 8. Snapchat and TikTok -------------------------------------------------------------------------


def test_snapchat_export_of_several_conversations_reads_the_scammers() -> None:
    path = CHATS / "snapchat" / "chat_history.json"
    with pytest.raises(ChatExportRejected) as caught:
        read_export(path)
    assert caught.value.key == "chat.reject.many_threads" and caught.value.params["titles"] == [
        "hugo_m",
        "jay_sk8_2009",
    ]
    transcript = read_export(path, scammer="jay_sk8_2009").transcript
    assert transcript.format == ChatApp.SNAPCHAT and transcript.platform == "snapchat" and transcript.time_zone_known
    assert [m.author for m in transcript.messages] == ["jay_sk8_2009", "lea.b", "jay_sk8_2009", "", "jay_sk8_2009"]
    assert transcript.messages[0].at == "2024-03-14T20:05:12Z" and transcript.messages[3].system
    assert transcript.messages[2].attachments == ["b~EiQSFTM0SEdmSTFNRzBDdkhlelFQS1hLUhoAGgAyAXxIAlAEYAE"]
    flags = analyse(transcript, "jay_sk8_2009").flags
    assert [(f.message_index, {k.value for k in f.kinds} >= {"threat", "payment_demand"}) for f in flags] == [(4, True)]


def test_tiktok_direct_messages() -> None:
    transcript = read_export(CHATS / "tiktok" / "user_data.json").transcript
    assert transcript.format == ChatApp.TIKTOK and transcript.title == "sk8r.jay"
    assert [m.author for m in transcript.messages] == ["sk8r.jay", "lea.b", "sk8r.jay"]
    flags = analyse(transcript, "sk8r.jay").flags
    assert [f.message_index for f in flags] == [2]  # moving to Snapchat


def test_a_persons_line_with_the_invisible_mark_stays_theirs() -> None:
    # Seen in public parsers' iOS samples: the mark in front of an ordinary line. Hiding what a scammer wrote
    # would be worse than showing a notice: only a notice's wording makes a marked line a notice.
    from evidence_kit.chat.whatsapp import parse_whatsapp

    transcript = parse_whatsapp(
        "\u200e[05/01/26, 9:41:05 PM] Harshith: \u200eI will submit the report on Friday\n"
        "[05/01/26, 9:42:00 PM] Ravi: great\n"
        "[05/01/26, 9:43:00 PM] Ravi: \u200eRavi left\n"
    )
    assert [(m.author, m.system) for m in transcript.messages] == [("Harshith", False), ("Ravi", False), ("", True)]
    assert transcript.messages[0].text == "I will submit the report on Friday"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("telegram-html/ChatExport_2024-03-15/messages.html", True),
        ("snapchat/chat_history.json", True),
        ("snapchat/chat_history_2022.json", True),
        ("tiktok/user_data.json", True),
        ("whatsapp/android-hu-dotted.txt", True),
        ("chat-miner/signal-test_export.txt", True),  # routed to the import, which names Signal and refuses it
        ("README.md", False),
    ],
)
def test_files_routed_to_the_chat_import(path: str, expected: bool) -> None:
    from evidence_kit.chat.reader import looks_like_chat_export

    assert looks_like_chat_export(CHATS / path) is expected


def test_discord_chat_exporter_json() -> None:
    transcript = read_export(CHATS / "discord" / "chat-exporter.json").transcript
    assert transcript.format == ChatApp.DISCORD and transcript.platform == "discord" and transcript.title == "sk8r_jay"
    assert [m.author for m in transcript.messages] == ["Jay", "Léa", "", "Jay"]
    assert transcript.messages[0].at == "2024-03-14T20:05:12Z" and transcript.participant_ids["Jay"]
    assert transcript.messages[1].attachments == ["Screenshot_2024-03-14_210600.png"]
    analysis = analyse(transcript, "Jay")
    assert [f.message_index for f in analysis.flags] == [3]
    assert not [i for i in analysis.identifiers if i.kind.value == "phone"]


def test_discord_data_package_holds_the_owners_side_and_says_so(tmp_path: Path) -> None:
    import json
    import zipfile

    path = tmp_path / "package.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("account/user.json", json.dumps({"id": "990000000000000002", "username": "lea_b"}))
        archive.writestr(
            "messages/index.json",
            json.dumps(
                {"1180000000000000001": "Direct Message with sk8r_jay", "1180000000000000002": "Unknown channel"}
            ),
        )
        archive.writestr("messages/c1180000000000000001/channel.json", json.dumps({"id": "1180000000000000001"}))
        archive.writestr(
            "messages/c1180000000000000001/messages.json",
            json.dumps(
                [
                    {"ID": 2, "Timestamp": "2024-03-14 20:07:00", "Contents": "stp arrête", "Attachments": ""},
                    {"ID": 1, "Timestamp": "2024-03-14 20:06:00", "Contents": "ok", "Attachments": ""},
                ]
            ),
        )
        archive.writestr(
            "messages/c1180000000000000002/messages.csv",
            "ID,Timestamp,Contents,Attachments\n3,2024-01-01 10:00:00,hi,\n",
        )
    with pytest.raises(ChatExportRejected) as caught:
        read_export(path)
    assert caught.value.key == "chat.reject.many_threads"
    transcript = read_export(path, scammer="sk8r_jay").transcript
    assert [(m.author, m.text) for m in transcript.messages] == [("lea_b", "ok"), ("lea_b", "stp arrête")]
    assert [k for k, _ in transcript.warnings] == ["chat.warn.discord_own_side"]


def test_a_diary_of_dated_lines_is_no_chat() -> None:
    from evidence_kit.chat.whatsapp import parse_whatsapp

    with pytest.raises(ChatExportRejected) as caught:
        parse_whatsapp("12/03/2024 14:30 dentiste\n13/03/2024 09:00 piscine\n", name="notes.txt")
    assert caught.value.key == "chat.reject.not_a_chat"


def test_dated_lines_with_no_one_writing_are_refused() -> None:
    from evidence_kit.chat.whatsapp import parse_whatsapp

    with pytest.raises(ChatExportRejected) as caught:
        parse_whatsapp("12/03/2024, 14:30 - dentiste\n13/03/2024, 09:00 - piscine\n", name="notes.txt")
    assert caught.value.key == "chat.reject.no_messages"
