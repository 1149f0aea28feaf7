"""Signature blocks: "President of the Republic of Kazakhstan / N. Nazarbayev".

A signature is a position (one or more short lines, or the start of the same
line) followed by initials and a surname. It is not part of the act's text,
so it must not become a provision; it is collected in ``signatories``.
"""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import re

from .lines import TERMINAL_PUNCT, Line, LineType

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
_NAME = rf"(?:[{_UPPER}]\.\s?){{1,2}}[{_UPPER}][{_LETTERS}'’-]+"
_NAME_REVERSED = rf"[{_UPPER}][{_LETTERS}'’-]+\s+(?:[{_UPPER}]\.\s?){{1,2}}"

NAME_ONLY_RE = re.compile(rf"^(?:{_NAME}|{_NAME_REVERSED})$")
_POSITION_NAME_RE = re.compile(rf"^(.{{3,160}}?)\s+({_NAME})$")
_POSITION_RE = re.compile(
    r"\b(?:президент|president|председател|төраға|chairman|chairperson|аким|әкім|akim"
    r"|секретар|хатшы|secretary|министр|minister|премьер|prime|руководител|басшы|head\b"
    r"|директор|director|заместител|орынбасар|deputy|спикер|speaker|депутат|ректор)",
    re.IGNORECASE,
)
# "... возложить на заместителя акима Б. Сапарова" is an instruction, not a signature.
_VERB_RE = re.compile(r"возлож|жүкте|impos|assign|entrust|поручить", re.IGNORECASE)
_PLACES = r"(?:г\.\s*)?(?:Астана|Нур-Султан|Нұр-Сұлтан|Алматы|Astana|Nur-Sultan|Almaty)(?:\s+қаласы)?"
_DATE = (
    r"(?:от\s+)?(?:\d{1,2}\s+\S+\s+\d{4}\s*(?:года|г\.)?|\d{4}\s*жылғы\s*\d{1,2}\s*\S+"
    r"|\d{1,2}\.\d{1,2}\.\d{4}(?:\s*(?:года|г\.))?|\S+\s+\d{1,2},\s*\d{4})"
)
_NUMBER = r"(?:№|N|No\.?)\s*\d\S*"
# What is printed under a signature: «Астана, Акорда, 4 декабря 2008 года», «№ 95-IV».
TRAILER_RE = re.compile(
    rf"^(?:{_PLACES}(?:\s*,\s*(?:Акорда|Ақорда|Akorda))?(?:\s*,?\s*{_DATE})?(?:\s*,?\s*{_NUMBER})?"
    rf"|(?:Акорда|Ақорда|Akorda)|{_DATE}(?:\s*,?\s*{_NUMBER})?|{_NUMBER})\.?$",
    re.IGNORECASE,
)
_GENITIVE_END_RE = re.compile(r"(?:ның|нің|тың|тің|дың|дің)$|\bof(?:\s+the)?$|Республики$", re.IGNORECASE)
_MAX_POSITION_LINES = 4

SIGNATURE = "signature"
SIGNATURE_HEAD = "signature-head"
DROPPED = "dropped"


def _is_position_piece(line: Line) -> bool:
    text = line.text
    return (
        line.type == LineType.TEXT
        and len(text) < 150
        and not text.endswith(TERMINAL_PUNCT)
        and not NAME_ONLY_RE.match(text)
        and not _VERB_RE.search(text)
    )


def find_signatures(lines: list[Line], start: int, roles: list[str | None]) -> dict[int, str]:
    """Mark signature blocks in ``roles``; return {first block: "position name"}."""
    found: dict[int, str] = {}
    count = len(lines)
    for index in range(start, count):
        line = lines[index]
        if roles[index] is not None or line.type not in (LineType.TEXT, LineType.ROMAN):
            continue
        text = line.text
        if NAME_ONLY_RE.match(text):
            pieces = _positions_above(lines, start, roles, index)
        else:
            match = _POSITION_NAME_RE.match(text) if len(text) < 220 else None
            if not (
                match
                and _POSITION_RE.search(match.group(1))
                and not match.group(1).endswith(TERMINAL_PUNCT)
                and not _VERB_RE.search(text)
            ):
                continue
            pieces = []  # «Аким области Б. Сагинтаев»: position and name on one line
        members = [*pieces, index]
        found[members[0]] = " ".join(lines[i].text for i in members)
        roles[members[0]] = SIGNATURE_HEAD
        for member in members[1:]:
            roles[member] = SIGNATURE
        trailer = index + 1
        while trailer < count and roles[trailer] is None and TRAILER_RE.match(lines[trailer].text):
            roles[trailer] = DROPPED  # «Астана, Ақорда», the date and number under the signature
            trailer += 1
    return found


def _positions_above(lines: list[Line], start: int, roles: list[str | None], index: int) -> list[int]:
    """Short unpunctuated lines just above a name that spell the signer's position."""
    pieces: list[int] = []
    above = index - 1
    while (
        above >= start
        and len(pieces) < _MAX_POSITION_LINES
        and roles[above] is None
        and _is_position_piece(lines[above])
    ):
        pieces.insert(0, above)
        above -= 1
    # Keep the lines from the first one that names a position (not a stray title above it),
    # and the genitive lines that complete it: «Қазақстан Республикасының / Президенті».
    first = next((n for n, i in enumerate(pieces) if _POSITION_RE.search(lines[i].text)), len(pieces))
    while first > 0 and _GENITIVE_END_RE.search(lines[pieces[first - 1]].text):
        first -= 1
    return pieces[first:]
