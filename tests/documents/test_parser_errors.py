"""Decoding uploads and refusing unstructured texts, with messages users can act on."""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from django.utils import translation

from apps.documents.loader import LoaderError, decode_bytes, parse_text

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(autouse=True)
def _english_messages():
    # Messages are translated; the assertions below check the English source strings.
    with translation.override("en"):
        yield


def read(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_empty_file_is_refused():
    with pytest.raises(LoaderError, match=r"^The file is empty: expected the text of a legal act\.$"):
        decode_bytes(read("empty.txt"))


@pytest.mark.parametrize("data", [b"   \n\t\n", codecs.BOM_UTF8 + b"\n\n", "\u00a0\n".encode()])
def test_whitespace_only_file_is_refused(data):
    with pytest.raises(LoaderError, match="The file is empty"):
        decode_bytes(data)


def test_binary_file_is_refused():
    with pytest.raises(LoaderError, match=r"^The file is binary \(it contains NUL bytes\), not text"):
        decode_bytes(read("binary.bin"))


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n1 0 obj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "DOCX/XLSX/ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "DOC/XLS"),
    ],
)
def test_office_and_pdf_files_are_named(data, what):
    with pytest.raises(LoaderError) as error:
        decode_bytes(data)
    assert str(error.value).startswith(f"The file is binary ({what}), not text")
    assert "UTF-8" in str(error.value)


def test_mostly_control_characters_is_binary():
    data = ("Статья 1." + "\x01\x02\x03\x04\x05\x06" * 20).encode()
    with pytest.raises(LoaderError, match=r"The file is binary \(it contains control characters\)"):
        decode_bytes(data)


def test_cp1251_without_encoding_is_refused_with_advice():
    with pytest.raises(LoaderError) as error:
        decode_bytes(read("cp1251_ru.txt"))
    assert str(error.value) == (
        "The file is not UTF-8 text. Save it as UTF-8 or pass --encoding, e.g. --encoding cp1251."
    )


def test_cp1251_with_explicit_encoding():
    text = decode_bytes(read("cp1251_ru.txt"), encoding="cp1251")
    assert text.startswith("Решение маслихата Бурабайского района от 5 мая 2022 года № 7С-12/3\n")
    doc = parse_text(text)
    assert (doc.kind, doc.number, doc.title) == (
        "decision",
        "7С-12/3",
        "О назначении собрания местного сообщества",
    )
    assert doc.signatories == ["Секретарь маслихата Бурабайского района Г. Абдрахманова"]


def test_utf8_with_bom_and_crlf():
    text = decode_bytes(read("utf8_bom_ru.txt"))
    assert not text.startswith("\ufeff")
    assert "\r" not in text
    assert text.split("\n")[0] == "Решение маслихата Бурабайского района от 5 мая 2022 года № 7С-12/3"
    assert parse_text(text).number == "7С-12/3"


def test_utf16_with_bom_crlf_and_nbsp():
    text = decode_bytes(read("utf16_kk.txt"))
    assert "\u00a0" not in text
    assert "\r" not in text
    assert text.split("\n")[0] == "Бурабай ауданы мәслихатының 2022 жылғы 5 мамырдағы № 7С-12/3 шешімі"
    doc = parse_text(text)
    assert (doc.kind, doc.language, doc.issuer) == ("decision", "kk", "Бурабай ауданы мәслихаты")
    assert [p.key for p in doc.sections[0].provisions] == ["decree.para1", "decree.p1", "decree.p2"]


def test_decode_strips_trailing_spaces_and_invisible_characters():
    text = decode_bytes("Статья 1.  \t\r\nТекст\u200b со\u00adлью\r\rКонец".encode())
    assert text == "Статья 1.\nТекст солью\n\nКонец"


def test_explicit_encoding_that_does_not_fit():
    with pytest.raises(LoaderError) as error:
        decode_bytes("Закон".encode(), encoding="ascii")
    assert str(error.value) == (
        "The file is not valid ascii text (bad byte at position 0). Check the encoding or save the file as UTF-8."
    )


def test_unknown_encoding():
    with pytest.raises(LoaderError, match="Unknown encoding “klingon”: expected a name such as utf-8"):
        decode_bytes(b"text", encoding="klingon")


def test_broken_utf16_after_bom():
    with pytest.raises(LoaderError, match="starts with a UTF-16 byte-order mark but is not valid UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8a")


def test_prose_without_structure_is_refused():
    with pytest.raises(LoaderError) as error:
        parse_text(decode_bytes(read("no_structure.txt")))
    message = str(error.value)
    assert message.startswith("No structure found in the text: expected a header")
    assert "«Статья 1.»" in message
    assert "numbered points («1.», «1)»)" in message


def test_single_line_is_refused():
    with pytest.raises(LoaderError, match=r"^The text has only one line: expected a legal act with a title"):
        parse_text(decode_bytes(read("single_line.txt")))


def test_header_without_body_is_refused():
    with pytest.raises(LoaderError, match=r"^Only a header was found: expected the text of the act"):
        parse_text(decode_bytes(read("header_only_ru.txt")))


def test_parse_text_of_blank_string():
    with pytest.raises(LoaderError, match="The file is empty"):
        parse_text(" \n \n")


def test_loader_error_is_a_value_error():
    assert issubclass(LoaderError, ValueError)


def test_prose_starting_like_a_title_is_refused():
    with pytest.raises(LoaderError, match="No structure found in the text"):
        parse_text("On Monday we went to the park.\n\nIt rained in the evening.\n")
