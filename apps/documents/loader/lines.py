"""What one paragraph (block) of an act is: heading, point, note, operative formula or text.

The patterns cover the three languages an act of Kazakhstan is published in
(Russian, Kazakh and the zakon.kz/adilet English translations). They are
compiled once here; ``classify`` is called once per block, so a large code
parses in linear time.
"""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block


class LineType:
    TEXT = "text"
    PART = "part"  # «Общая часть», «Часть 1»
    SECTION = "section"  # «Раздел 1», «1-бөлім», "Section 1"
    CHAPTER = "chapter"  # «Глава 1», «1-тарау», "Chapter 1"
    PARAGRAPH = "paragraph"  # «Параграф 1», «1-параграф», «§ 1»
    ARTICLE = "article"  # «Статья 1», «1-бап», "Article 1"
    POINT = "point"  # "1." / "1-1."
    DOTTED = "dotted"  # "1.1." / "1.1 Text"
    ROMAN = "roman"  # "II. Text"
    SUBPOINT = "subpoint"  # "1)" / "3-1)"
    LETTER = "letter"  # "а)" / "(a)"
    TOC = "toc"  # «Содержание», «Мазмұны», "Contents"
    INTRO = "intro"  # «Введение», «Кіріспе», "Introduction"
    CONCLUSION = "conclusion"  # «Заключение», «Қорытынды», "Conclusion"
    FOOTNOTE = "footnote"  # «Сноска.», «Ескерту.»
    NOTE = "note"  # «Примечание.», «Ескертпе.»
    EDITORIAL = "editorial"  # «Примечание ИЗПИ!», «РҚАО-ның ескертпесі!»
    AMENDMENT = "amendment"  # a line that is only «(в редакции ...)»
    FORMULA = "formula"  # text ending with «ПОСТАНОВЛЯЮ:», «ШЕШІМ ҚАБЫЛДАДЫ:», "DECIDES:"


STRUCTURAL_TYPES = frozenset({LineType.PART, LineType.SECTION, LineType.CHAPTER, LineType.PARAGRAPH, LineType.ARTICLE})
NUMBERED_TYPES = frozenset({LineType.POINT, LineType.DOTTED, LineType.ROMAN})
ANNOTATION_TYPES = frozenset({LineType.FOOTNOTE, LineType.NOTE, LineType.EDITORIAL, LineType.AMENDMENT})

_I = re.IGNORECASE
NUM = r"\d{1,4}(?:-\d{1,3})*"
_ROMAN_NUM = r"[IVXLC]{1,7}"
# After the number: an optional dot, then the heading ("Статья 5. Права" or "Статья 5 Права").
_TAIL = r"\s*(\.)?\s*(.*)$"

# (line type, regex); group 1 = number, group 2 = dot after the number, group 3 = heading.
_STRUCTURAL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (LineType.ARTICLE, re.compile(rf"^(?:Статья|Article)\s+({NUM}){_TAIL}", _I)),
    (LineType.ARTICLE, re.compile(rf"^({NUM})\s*-\s*бап\b(\.)?\s*(.*)$", _I)),
    (LineType.CHAPTER, re.compile(rf"^(?:Глава|Chapter)\s+({NUM}|{_ROMAN_NUM}){_TAIL}", _I)),
    (LineType.CHAPTER, re.compile(rf"^({NUM})\s*-\s*тарау\b(\.)?\s*(.*)$", _I)),
    (LineType.SECTION, re.compile(rf"^(?:Раздел|Section)\s+({NUM}|{_ROMAN_NUM}){_TAIL}", _I)),
    (LineType.SECTION, re.compile(rf"^({NUM})\s*-\s*бөлім\b(\.)?\s*(.*)$", _I)),
    (LineType.PARAGRAPH, re.compile(rf"^(?:Параграф|Paragraph|§)\s*({NUM}){_TAIL}", _I)),
    (LineType.PARAGRAPH, re.compile(rf"^({NUM})\s*-\s*параграф\b(\.)?\s*(.*)$", _I)),
    (LineType.PART, re.compile(rf"^(?:Часть|Part)\s+(\d{{1,2}}|[IVX]{{1,4}}){_TAIL}", _I)),
)
# «ОБЩАЯ ЧАСТЬ» / «ЖАЛПЫ БӨЛІМ» / "GENERAL PART": group 1 says which.
_NAMED_PART_RE = re.compile(r"^(Общая|Особенная|Жалпы|Ерекше|General|Special)\s+(?:часть|бөлім|part)\.?$", _I)
_PART_NAMES = {
    "общая": "general",
    "жалпы": "general",
    "general": "general",
    "особенная": "special",
    "ерекше": "special",
    "special": "special",
}

POINT_RE = re.compile(rf"^({NUM})\.(?!\d)\s*(\S.*)$")
DOTTED_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})(\.)?\s+(\S.*)$")
ROMAN_RE = re.compile(rf"^({_ROMAN_NUM})\.\s+(\S.*)$")
SUBPOINT_RE = re.compile(rf"^({NUM})\)\s*(\S.*)$")
LETTER_RE = re.compile(r"^\(?([а-яёәғқңөұүһіa-z])\)\s*(\S.*)$")

TOC_RE = re.compile(r"^(?:Содержание|Оглавление|Мазмұны|Contents|Table of contents)\s*:?$", _I)
INTRO_RE = re.compile(r"^(?:Введение|Кіріспе|Introduction)\.?$", _I)
CONCLUSION_RE = re.compile(r"^(?:Заключение|Қорытынды|Conclusion)\.?$", _I)

EDITORIAL_RE = re.compile(
    r"^(?:Примечание\s+(?:ИЗПИ|РЦПИ)|(?:РҚАО|ЗҚАИ)\s*-\s*(?:ның|нің)\s+ескертпесі"
    r"|Note\s+of\s+(?:the\s+)?(?:RCLI|IZPI|RCPI|ILLI))\s*[!.:]?\s*(.*)$",
    _I,
)
FOOTNOTE_RE = re.compile(r"^(?:Сноска|Ескерту|Footnote)\s*[.:]\s*(.*)$", _I)
NOTE_RE = re.compile(r"^(?:Примечани[ея]|Ескертпе(?:лер)?|Notes?)(?:\s*[.:]\s*(.*)|\s*)$", _I)

# Operative formulas. Russian/Kazakh/transliterated ones in any case; the short
# English ones only in capitals, since "... the following orders:" is ordinary prose.
_FORMULA_KINDS = (
    ("decree", r"ПОСТАНОВЛЯЮ|ҚАУЛЫ\s+ЕТЕМІН|POSTANOVLYAYU"),
    ("resolution", r"ПОСТАНОВЛЯЕТ|ПОСТАНОВИЛ[А]?|ҚАУЛЫ\s+ЕТЕДІ|ҚАУЛЫ\s+ЕТТІ|POSTANOVLYAET"),
    ("decision", r"РЕШИЛ[А]?|РЕШАЕТ|ШЕШІМ\s+ҚАБЫЛДАДЫ|ШЕШТІ|RESHIL"),
    ("order", r"ПРИКАЗЫВАЮ|БҰЙЫРАМЫН|PRIKAZYVAYU"),
)
_FORMULA_KINDS_EN = (
    ("decree", r"I\s+(?:HEREBY\s+)?DECREE|DECREES?"),
    ("resolution", r"(?:HEREBY\s+)?DECIDES|RESOLVES?"),
    ("decision", r"(?:HAS\s+)?DECIDED|RESOLVED"),
    ("order", r"I\s+ORDER|ORDERS?"),
)
FORMULA_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"(?:^|[\s,.])(?:{words})\s*:\s*$", _I)) for kind, words in _FORMULA_KINDS
) + tuple((kind, re.compile(rf"(?:^|[\s,.])(?:{words})\s*:\s*$")) for kind, words in _FORMULA_KINDS_EN)

# Bracketed amendment marks: «(в редакции Закона РК от 13.06.2013 № 101-V)», «[изменен ...]».
# Participles and fixed phrases only: «изменения цен» (a noun) is not an amendment mark.
_AMEND_WORDS = (
    r"в\s+редакции|исключ[её]н[аоы]?\b|изменен[аоы]?\b|дополнен[аоы]?\b|введен[аоы]?\b"
    r"|внесены\s+изменения|утратил[аио]?\b|см\.|өзгертіл\w*|өзгеріс\w*\s+енгізіл\w*"
    r"|толықтырыл\w*|алып\s+тасталды|жаңа\s+редакцияда|редакцияда|күші\s+жойыл\w*"
    r"|as\s+amended|amended\b|excluded\b|deleted\b|repealed\b|introduced\b|supplemented\b"
)
AMEND_KEYWORD_RE = re.compile(_AMEND_WORDS, _I)
_AMEND_START_RE = re.compile(rf"^\s*(?:{_AMEND_WORDS}|is\s+excluded)", _I)
_AMEND_REFERENCE_RE = re.compile(
    r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}\.\d{1,2}\.\d{1,2}|№|\bN\s?\d|\bNo\.?\s?\d|\d{4}\s*(?:года|жылғы|г\.)"
)
# «Статья 5. Исключена ...», «3. Алып тасталды - ...»: the number stays, the text is the note.
REMOVED_RE = re.compile(
    r"^[(\[]?\s*(?:исключен[аоы]?|утратил[аио]?\s+силу|алып\s+тасталды|күші\s+жойылды"
    r"|excluded|deleted|repealed|is\s+excluded|shall\s+be\s+excluded|has\s+lost\s+force)\b",
    _I,
)

TERMINAL_PUNCT = (".", ";", ":", ",", "!", "?")


@dataclass(slots=True)
class Line:
    """A classified block: ``number`` is the printed label, ``body`` the text after it."""

    type: str
    text: str
    number: str = ""
    body: str = ""
    md_level: int = 0
    formula_kind: str = ""


def _closing_group_start(text: str) -> int | None:
    """Index of the bracket that opens the balanced group ending the text, if it ends with one."""
    closing = text[-1]
    opening = "(" if closing == ")" else "["
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char == closing:
            depth += 1
        elif char == opening:
            depth -= 1
            if depth == 0:
                return index
    return None


def split_amendments(text: str) -> tuple[str, list[str]]:
    """Strip bracketed amendment marks from the end of a text; return (text, marks in order)."""
    marks: list[str] = []
    rest = text.rstrip()
    while rest and rest[-1] in ")]":
        start = _closing_group_start(rest)
        if start is None:
            break
        inner = rest[start + 1 : -1]
        if not AMEND_KEYWORD_RE.search(inner):
            break
        if not (_AMEND_START_RE.match(inner) or _AMEND_REFERENCE_RE.search(inner)):
            break
        marks.insert(0, rest[start:])
        rest = rest[:start].rstrip()
    return rest, marks


def unwrap_brackets(text: str) -> str:
    """«(исключен ...)» -> «исключен ...»: a removal note printed in brackets."""
    text = text.strip()
    bare = text.rstrip(";.,")
    if len(bare) > 1 and bare[0] in "([" and bare[-1] in ")]":
        start = _closing_group_start(bare)
        if start == 0:
            return bare[1:-1].strip()
    return text


def formula_kind(text: str) -> str:
    """The act kind an operative formula implies ("decree" for ПОСТАНОВЛЯЮ), or ""."""
    if not text.endswith(":"):
        return ""
    for kind, pattern in FORMULA_PATTERNS:
        if pattern.search(text):
            return kind
    return ""


def classify(block: Block) -> Line:
    """Classify one block by its first words; the order of checks matters (notes before text)."""
    text = block.text
    md = block.md_level
    match = EDITORIAL_RE.match(text)
    if match:
        return Line(LineType.EDITORIAL, text, body=match.group(1).strip(), md_level=md)
    match = FOOTNOTE_RE.match(text)
    if match:
        return Line(LineType.FOOTNOTE, text, body=match.group(1).strip(), md_level=md)
    match = NOTE_RE.match(text)
    if match:
        return Line(LineType.NOTE, text, body=(match.group(1) or "").strip(), md_level=md)
    if text[:1] in "([":
        rest, marks = split_amendments(text)
        if marks and not rest:
            return Line(LineType.AMENDMENT, text, md_level=md)
    if len(text) < 400:
        structural = _classify_structural(text, md)
        if structural is not None:
            return structural
    if TOC_RE.match(text):
        return Line(LineType.TOC, text, md_level=md)
    if INTRO_RE.match(text):
        return Line(LineType.INTRO, text, md_level=md)
    if CONCLUSION_RE.match(text):
        return Line(LineType.CONCLUSION, text, md_level=md)
    for line_type, pattern in (
        (LineType.DOTTED, DOTTED_RE),
        (LineType.POINT, POINT_RE),
        (LineType.SUBPOINT, SUBPOINT_RE),
        (LineType.ROMAN, ROMAN_RE),
        (LineType.LETTER, LETTER_RE),
    ):
        match = pattern.match(text)
        if match:
            body = match.group(match.lastindex or 1).strip()
            if line_type == LineType.DOTTED and match.group(2) is None and not body[:1].isupper():
                continue  # "1.5 млн тенге ..." is prose, "1.1 Анализ" is a heading
            return Line(line_type, text, number=match.group(1), body=body, md_level=md)
    kind = formula_kind(text)
    if kind:
        return Line(LineType.FORMULA, text, md_level=md, formula_kind=kind)
    return Line(LineType.TEXT, text, body=text, md_level=md)


def _classify_structural(text: str, md: int) -> Line | None:
    match = _NAMED_PART_RE.match(text)
    if match:
        return Line(LineType.PART, text, number=_PART_NAMES[match.group(1).lower()], md_level=md)
    for line_type, pattern in _STRUCTURAL_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        heading = match.group(3).strip()
        # "Статья 5 настоящего Закона ..." is a reference in prose, not a heading.
        if match.group(2) is None and heading[:1].islower():
            return None
        return Line(line_type, text, number=match.group(1), body=heading, md_level=md)
    return None


def is_heading_shaped(body: str) -> bool:
    """Short and without closing punctuation: how a numbered heading differs from a point."""
    return 0 < len(body) < 160 and not body.endswith(TERMINAL_PUNCT) and not REMOVED_RE.match(body)


def starts_lowercase(text: str) -> bool:
    return text[:1].islower()
