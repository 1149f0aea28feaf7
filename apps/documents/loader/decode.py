"""Bytes of an uploaded legal act -> normalised text.

Acts reach us as exports from adilet.zan.kz, Word "Save as text" files and
hand-made Markdown. They come in UTF-8 (often with a BOM), UTF-16 (Windows
"Unicode" text) or, from old systems, cp1251. Guessing cp1251 silently would
turn a wrong guess into garbage in the database, so anything that is not
UTF-8/UTF-16 with a BOM needs an explicit encoding.
"""

from __future__ import annotations

import codecs
import re

from django.utils.translation import gettext as _

from .types import LoaderError

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Formats people upload by mistake; naming them makes the error actionable.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "DOCX/XLSX/ZIP"),
    (b"\xd0\xcf\x11\xe0", "DOC/XLS"),
    (b"{\\rtf", "RTF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
)

# Spaces that look like spaces but break matching; invisible characters that break words.
_SPACE_TABLE = {
    **{
        ord(ch): " "
        for ch in "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
    },
    **{ord(ch): None for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad"},
    **{ord(ch): "\n" for ch in "\f\v\u2028\u2029\x85"},
}

_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BINARY_SAMPLE = 20_000
_BINARY_RATIO = 0.05


def normalise_text(text: str) -> str:
    """Unify line ends and spaces so the line regexes see one shape of text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACE_TABLE)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _binary_error(what: str) -> LoaderError:
    return LoaderError(
        _(
            "The file is binary (%(what)s), not text: expected a plain-text (.txt) or "
            "Markdown (.md) legal act. Save the act as text in UTF-8 and upload it again."
        )
        % {"what": what}
    )


def _looks_binary(text: str) -> bool:
    sample = text[:_BINARY_SAMPLE]
    if "\x00" in sample:
        return True
    return len(_CONTROL_RE.findall(sample)) > len(sample) * _BINARY_RATIO


def decode_bytes(data: bytes, *, encoding: str | None = None) -> str:
    """Decode an uploaded act; refuse what would load as garbage, with a message saying why."""
    if not data or not data.strip():
        raise LoaderError(_("The file is empty: expected the text of a legal act."))
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _binary_error(what)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise LoaderError(
                _("Unknown encoding “%(encoding)s”: expected a name such as utf-8, utf-16 or cp1251.")
                % {"encoding": encoding}
            ) from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise LoaderError(
                _(
                    "The file is not valid %(encoding)s text (bad byte at position %(position)d). "
                    "Check the encoding or save the file as UTF-8."
                )
                % {"encoding": encoding, "position": exc.start}
            ) from None
    else:
        text = _decode_auto(data)
    text = text.lstrip("\ufeff")
    if _looks_binary(text):
        raise _binary_error(_("it contains control characters"))
    text = normalise_text(text)
    if not text.strip():
        raise LoaderError(_("The file is empty: expected the text of a legal act."))
    return text


def _decode_auto(data: bytes) -> str:
    """UTF-8 or a BOM-marked Unicode encoding; nothing is guessed."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise LoaderError(
                    _("The file starts with a %(codec)s byte-order mark but is not valid %(codec)s text.")
                    % {"codec": codec.upper().replace("-SIG", "")}
                ) from None
    if b"\x00" in data:
        raise _binary_error(_("it contains NUL bytes"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise LoaderError(
            _("The file is not UTF-8 text. Save it as UTF-8 or pass --encoding, e.g. --encoding cp1251.")
        ) from None
