"""Annex headers: «Приложение 1 к решению ...», «УТВЕРЖДЕНА Указом ...», «... шешіміне 1-қосымша».

An annex header is a small group of blocks: the marker, its reference to the
parent act (which in Kazakh comes *before* the marker word: «Алматы қаласы
мәслихатының / 2020 жылғы 12 наурыздағы / № 456 шешіміне / 1-қосымша»), and
then the annex's own title. The group is found before the body is built so
that none of its lines is mistaken for a paragraph or a signature.
"""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import Line, LineType, starts_lowercase

_I = re.IGNORECASE

_START_RE = re.compile(
    r"^(?:Приложени[ея]|Annex|Appendix)(?:\s*(?:№|N|No\.?)?\s*(\d{1,3}(?:-\d{1,3})*))?"
    r"(?=\s+(?:к|to)\s|\s*$|\s*\()",
    _I,
)
_APPROVED_RE = re.compile(
    r"^(?:УТВЕРЖДЕН[АОЫ]?|Утвержден[аоы]?|Approved(?:\s+by)?|APPROVED|БЕКІТІЛГЕН|Бекітілген"
    r"|Бекітілді)\b",
)
_KK_START_RE = re.compile(r"^(?:(\d{1,3})\s*-\s*)?қосымша\b", _I)
_KK_END_RE = re.compile(r"(?:^|\s)(?:(\d{1,3})\s*-\s*)?қосымша(?:сы)?$|(?:^|\s)бекітілген$", _I)
_NUMBER_IN_GROUP_RE = re.compile(
    r"(?:Приложени[ея]|Annex|Appendix)\s*(?:№|N|No\.?)?\s*(\d{1,3}(?:-\d{1,3})*)\b"
    r"|(\d{1,3})\s*-\s*қосымша",
    _I,
)
# A block ending with a period is a sentence («Приложение к решению является ...»),
# unless the period belongs to a date («... от 12.03.2020 г.»).
_DATE_PERIOD_RE = re.compile(r"(?:\bг|года|жылғы|No)\.$")
# Lines continuing a marker: the reference to the parent act.
_CONTINUATION_RE = re.compile(
    r"^(?:к\s|to\s|от\s|of\s|dated\s|№|N\s?\d|No\.?\s?\d|by\s|(?:Указом|постановлением|решением"
    r"|приказом|распоряжением|совместным)\b|\d{4}\s*жылғы|\d{1,2}\s+\S+\s+\d{4}"
    r"|[^.;:]*(?:Жарлығымен|қаулысымен|шешімімен|бұйрығымен)$)",
    _I,
)
# Kazakh reference lines that precede «қосымша»/«бекітілген».
_KK_PIECE_RE = re.compile(
    r"(?:ның|нің|тың|тің|дың|дің)(?:\s|$)|жылғы|№|(?:Жарлығына|қаулысына|шешіміне|бұйрығына"
    r"|Заңына|Жарлығымен|қаулысымен|шешімімен|бұйрығымен|Республикасы|облысы|қаласы|ауданы)$",
    _I,
)
_CONCEPT_RE = re.compile(r"^(?:The\s+)?(?:Концепци|Тұжырымдама|Concept)|тұжырымдамасы$", _I)
_SINGLE_WORD_CAPS_RE = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ-]+$")
_MAX_MARKER = 400
_MAX_TITLE = 300


@dataclass
class AnnexGroup:
    """Blocks ``start..end`` (inclusive) are the annex header; ``title`` may be ""."""

    start: int
    end: int
    number: str
    note: str
    title: str


def is_annex_marker(text: str) -> bool:
    """A line that opens an annex (its own words, not a sentence mentioning an annex)."""
    if len(text) > _MAX_MARKER or text.endswith((";", ":", ",")):
        return False
    if text.endswith(".") and not _DATE_PERIOD_RE.search(text):
        return False
    return bool(
        _START_RE.match(text) or _APPROVED_RE.match(text) or _KK_START_RE.match(text) or _KK_END_RE.search(text)
    )


def is_concept_title(title: str) -> bool:
    return bool(_CONCEPT_RE.search(title))


def _is_kk_piece(line: Line) -> bool:
    text = line.text
    return (
        line.type == LineType.TEXT
        and len(text) <= 120
        and not text.endswith((".", ";", ":"))
        and bool(_KK_PIECE_RE.search(text))
    )


def _is_continuation(line: Line) -> bool:
    text = line.text
    if line.type != LineType.TEXT or len(text) > 250 or text.endswith((";", ":")):
        return False
    if text.endswith(".") and not _DATE_PERIOD_RE.search(text):
        return False
    return bool(_CONTINUATION_RE.match(text) or is_annex_marker(text))


def _is_title_line(line: Line) -> bool:
    text = line.text
    return (
        line.type in (LineType.TEXT, LineType.ROMAN)
        and len(text) < _MAX_TITLE
        and not text.endswith((".", ";", ":", ","))
        and not is_annex_marker(text)
    )


def find_annex_groups(lines: list[Line], start: int, roles: list[str | None]) -> list[AnnexGroup]:
    """Annex headers in ``lines[start:]``; blocks already given a role (signatures) are skipped."""
    spans: list[tuple[int, int]] = []
    index = start
    count = len(lines)
    while index < count:
        line = lines[index]
        if roles[index] is not None or line.type != LineType.TEXT or not is_annex_marker(line.text):
            index += 1
            continue
        first = index
        if _KK_END_RE.search(line.text):
            # Kazakh: the reference to the parent act is printed above «қосымша».
            floor = spans[-1][1] + 1 if spans else start
            while first - 1 >= floor and roles[first - 1] is None and _is_kk_piece(lines[first - 1]):
                first -= 1
        last = index
        while last + 1 < count and roles[last + 1] is None and _is_continuation(lines[last + 1]):
            last += 1
        if spans and first <= spans[-1][1] + 1:
            spans[-1] = (
                spans[-1][0],
                last,
            )  # «Приложение 1 ...» directly followed by «УТВЕРЖДЕНЫ ...»
        else:
            spans.append((first, last))
        index = last + 1
    groups = []
    for first, last in spans:
        note = " ".join(lines[i].text for i in range(first, last + 1))
        title_parts: list[str] = []
        end = last
        nxt = last + 1
        if nxt < count and roles[nxt] is None and _is_title_line(lines[nxt]):
            title_parts.append(lines[nxt].text)
            end = nxt
            # «ПРАВИЛА / оказания социальной помощи ...»: a title printed on several lines.
            while end + 1 < count and roles[end + 1] is None and _is_title_line(lines[end + 1]):
                following = lines[end + 1].text
                if not (starts_lowercase(following) or _SINGLE_WORD_CAPS_RE.match(title_parts[-1])):
                    break
                title_parts.append(following)
                end += 1
        groups.append(AnnexGroup(first, end, _group_number(note), note, " ".join(title_parts)))
    return groups


def _group_number(note: str) -> str:
    match = _NUMBER_IN_GROUP_RE.search(note)
    if not match:
        return ""
    return match.group(1) or match.group(2) or ""
