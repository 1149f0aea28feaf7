"""The head of an act: kind, number, date, title, issuer, amendment note; and its language.

Headers are printed in many orders («Указ ... от ... № ...» then the title, or
the title first and «... № 438 Жарлығы» after it, or a truncated "of November
28, 2012 No. 438"), so the header is read as a short run of recognisable
blocks at the top rather than by position.
"""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .annexes import is_annex_marker
from .blocks import Block
from .lines import ANNOTATION_TYPES, Line, LineType, formula_kind, starts_lowercase
from .signatures import TRAILER_RE
from .types import AnnotationKind, ParsedAnnotation

_I = re.IGNORECASE

_RU_MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_KK_MONTHS = {
    "қаңтар": 1,
    "ақпан": 2,
    "наурыз": 3,
    "сәуір": 4,
    "мамыр": 5,
    "маусым": 6,
    "шілде": 7,
    "тамыз": 8,
    "қыркүйек": 9,
    "қазан": 10,
    "қараша": 11,
    "желтоқсан": 12,
}
_EN_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_RU_MONTH_RE = r"(январ|феврал|марта|апрел|мая|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
_KK_MONTH_RE = "(" + "|".join(_KK_MONTHS) + r")[а-яәғқңөұүһі]*"
_EN_MONTH_RE = "(" + "|".join(_EN_MONTHS) + ")"

# (regex, order of (day, month, year) groups, month table or None for numeric months)
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], tuple[int, int, int], dict[str, int] | None], ...] = (
    (re.compile(rf"\b(\d{{1,2}})\s+{_RU_MONTH_RE}\s+(\d{{4}})", _I), (1, 2, 3), _RU_MONTHS),
    (
        re.compile(rf"\b(\d{{4}})\s*(?:жылғы|ж\.)\s*«?(\d{{1,2}})»?\s*{_KK_MONTH_RE}", _I),
        (2, 3, 1),
        _KK_MONTHS,
    ),
    (re.compile(rf"\b{_EN_MONTH_RE}\s+(\d{{1,2}}),?\s+(\d{{4}})", _I), (2, 1, 3), _EN_MONTHS),
    (re.compile(rf"\b(\d{{1,2}})\s+{_EN_MONTH_RE},?\s+(\d{{4}})", _I), (1, 2, 3), _EN_MONTHS),
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]\d)"), (1, 2, 3), None),
    (re.compile(r"(?<![\d.])(\d{4})[.-](\d{1,2})[.-](\d{1,2})(?![\d.]\d)"), (3, 2, 1), None),
)
# «№ 101-V», «N 438», "No. 438", «№ А-2/45»: a digit, or a short letter prefix and a digit.
_NUMBER_RE = re.compile(r"(?:№|\bN(?=\s?\d)|\bNo\.?)\s*((?:[A-Za-zА-Яа-яЁёІі]{1,3}-)?\d[\w/-]*)")

# Kind words at the start of a header line (Russian, English) ...
_KIND_START = (
    ("decree", r"Указ|Decree|Presidential\s+decree"),
    ("law", r"(?:Конституционный\s+)?Закон|(?:Constitutional\s+)?Law"),
    ("code", r"Кодекс|Code"),
    ("resolution", r"Постановление|Resolution"),
    ("decision", r"Решение|Decision"),
    ("order", r"Приказ|Распоряжение|Order"),
    ("concept", r"Концепция|Тұжырымдама|Concept"),
    ("programme", r"(?:Государственная\s+)?Программа|Бағдарлама|(?:State\s+)?Programme|Program"),
)
_KIND_START_RE = tuple((kind, re.compile(rf"^(?:The\s+)?(?:{words})\b", _I)) for kind, words in _KIND_START)
# ... at the end of a Kazakh one («... № 438 Жарлығы»), or anywhere in a one-line header.
_KIND_END_RE = (
    ("decree", re.compile(r"\bЖарлығы$", _I)),
    ("law", re.compile(r"\bЗаңы$", _I)),
    ("code", re.compile(r"\bКодексі$", _I)),
    ("resolution", re.compile(r"\bқаулысы$", _I)),
    ("decision", re.compile(r"\bшешімі$", _I)),
    ("order", re.compile(r"\b(?:бұйрығы|өкімі)$", _I)),
)
_KIND_ANYWHERE_RE = (
    ("code", re.compile(r"\bкодекс\b|\bcode\b", _I)),
    ("law", re.compile(r"\bзакон\b|\bзаңы\b|\blaw\b", _I)),
    ("decree", re.compile(r"\bуказ\b|\bжарлығы\b|\bdecree\b", _I)),
    ("resolution", re.compile(r"\bпостановление\b|\bқаулысы\b|\bresolution\b", _I)),
    ("decision", re.compile(r"\bрешение\b|\bшешімі\b|\bdecision\b", _I)),
    ("order", re.compile(r"\bприказ\b|\bбұйрығы\b|\border\b", _I)),
)
_KIND_NEAR_START_RE = re.compile(
    r"^(?:\S+\s+){0,2}(?:кодекс|закон|указ|постановление|решение|приказ|code|law|decree)\b", _I
)
# Titles that name a document type and are the whole header («Концепция развития ...»).
_TITLE_KIND_RE = (
    ("concept", re.compile(r"^(?:The\s+)?(?:Концепция|Тұжырымдама|Concept)\b|тұжырымдамасы$", _I)),
    (
        "programme",
        re.compile(
            r"^(?:Государственная\s+)?(?:Программа|Бағдарлама|(?:State\s+)?Programme|Program)\b"
            r"|бағдарламасы$",
            _I,
        ),
    ),
)
_TITLE_RE = re.compile(
    r"^(?:«|\")?(?:О|Об|Обо|About|On|Concerning|Regarding|Правила|Положение|Регламент|Порядок"
    r"|Перечень|Стратегия|План|Инструкция|Rules|Regulations)\s|туралы\.?$|қағидалары$",
    _I,
)
_DATE_LINE_START_RE = re.compile(r"^(?:от|of|dated|№|N\s?\d|No\.?\s?\d|\d)", _I)
_AMENDMENT_NOTE_RE = re.compile(r"^\((?=.*(?:изменени|дополнени|өзгеріс|толықтыру|amend|редакци))", _I)
# «Зарегистрировано в Департаменте юстиции ... № 1620»: a state-registration note under the title.
_REGISTRATION_RE = re.compile(r"^(?:Зарегистрирован[оа]?|Registered|Тіркелді)\b|тіркелді\.?$|тіркелген\.?$", _I)
_QUOTED_TITLE_RE = re.compile(r"«([^«»]{5,})»")
_HEADER_LIMIT = 14

# Genitive -> nominative for the usual issuers («Указ Президента» -> «Президент»).
_RU_ISSUERS = {
    "президента": "Президент",
    "правительства": "Правительство",
    "маслихата": "Маслихат",
    "акимата": "Акимат",
    "акима": "Аким",
    "министра": "Министр",
    "министерства": "Министерство",
    "парламента": "Парламент",
    "сената": "Сенат",
    "мажилиса": "Мажилис",
    "председателя": "Председатель",
    "агентства": "Агентство",
    "комитета": "Комитет",
}
_RU_ISSUER_RE = re.compile(
    r"^(?:Указ|Постановление|Решение|Приказ|Распоряжение)\s+(.+?)(?=\s+от\s|\s*№|\s+N\s?\d|$)", _I
)
_KK_ISSUER_RE = re.compile(
    r"^(.+?(?:ның|нің|тың|тің|дың|дің))(?=\s+\d{4}\s*жылғы|\s*№|\s+(?:Жарлығы|қаулысы|шешімі"
    r"|бұйрығы|өкімі)$)",
    _I,
)
_EN_ISSUER_RE = re.compile(
    r"^(?:The\s+)?(?:Decree|Resolution|Decision|Order)\s+of\s+(?:the\s+)?(.+?)"
    r"(?=\s+(?:of|dated)\s+(?:[A-Z][a-z]+\s+\d|\d)|\s+No\.?\s?\d|$)",
)
_KK_GENITIVE_RE = re.compile(r"(?:ының|інің|ның|нің|тың|тің|дың|дің)$")
_KK_LETTERS_RE = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC_RE = re.compile(r"[а-яёА-ЯЁ]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_LANGUAGE_SAMPLE = 200_000
_DECREE_LIKE = frozenset({"decree", "resolution", "decision", "order"})
_MENTION_RE = (
    ("decree", re.compile(r"настоящ\w+\s+Указ|\bthis\s+Decree|Осы\s+Жарлық", _I)),
    ("resolution", re.compile(r"настоящ\w+\s+постановлени|\bthis\s+resolution|Осы\s+қаулы", _I)),
    ("decision", re.compile(r"настоящ\w+\s+решени|\bthis\s+decision|Осы\s+шешім", _I)),
    ("order", re.compile(r"настоящ\w+\s+приказ|\bthis\s+order|Осы\s+бұйрық", _I)),
    ("code", re.compile(r"настоящ\w+\s+Кодекс|\bthis\s+Code|Осы\s+Кодекс", _I)),
    ("law", re.compile(r"настоящ\w+\s+Закон|\bthis\s+Law|Осы\s+Заң", _I)),
)


@dataclass
class Header:
    """What the top of the act says; ``body_start`` is the first block of the text proper."""

    kind: str = ""
    title: str = ""
    number: str = ""
    adopted_on: datetime.date | None = None
    amendment_note: str = ""
    issuer: str = ""
    annotations: list[ParsedAnnotation] = field(default_factory=list)
    body_start: int = 0
    recognised: bool = False  # a kind line, a date/number or a title pattern was seen
    kind_line: str = ""


def find_date(text: str) -> datetime.date | None:
    """The first date in a line, in any of the printed forms."""
    best: tuple[int, datetime.date] | None = None
    for pattern, (day_group, month_group, year_group), months in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[0]:
                break
            month_text = match.group(month_group)
            month = _month(month_text, months) if months is not None else int(month_text)
            try:
                value = datetime.date(int(match.group(year_group)), month, int(match.group(day_group)))
            except ValueError:
                continue
            best = (match.start(), value)
            break
    return best[1] if best else None


def _month(text: str, months: dict[str, int]) -> int:
    text = text.lower()
    for stem, value in sorted(months.items(), key=lambda item: -len(item[0])):
        if text.startswith(stem):
            return value
    return 0


def find_number(text: str) -> str:
    """The act number after «№», "N" or "No."; suffixes like «ЗРК» are dropped (a separate word)."""
    match = _NUMBER_RE.search(text)
    return match.group(1).strip("-/") if match else ""


def detect_language(text: str) -> str:
    """Kazakh when its own letters are frequent, Russian for other Cyrillic, else English."""
    sample = text[:_LANGUAGE_SAMPLE]
    kazakh = len(_KK_LETTERS_RE.findall(sample))
    cyrillic = len(_CYRILLIC_RE.findall(sample)) + kazakh
    latin = len(_LATIN_RE.findall(sample))
    if cyrillic and cyrillic >= latin:
        return "kk" if kazakh >= cyrillic * 0.03 else "ru"
    return "en"


def _kind_of_line(text: str) -> str:
    for kind, pattern in _KIND_START_RE:
        if pattern.match(text):
            return kind
    for kind, pattern in _KIND_END_RE:
        if pattern.search(text):
            return kind
    return ""


def _is_kind_line(text: str) -> bool:
    """«Указ Президента ... от ... № ...», "of November 28, 2012 No. 438", «... № 438 Жарлығы»."""
    if len(text) > 300 or text.endswith(":"):
        return False
    if _kind_of_line(text):
        return True
    has_reference = find_date(text) is not None or bool(find_number(text))
    if not has_reference or len(text) >= 250:
        return False
    # "of November 28, 2012 No. 438", or «Бюджетный кодекс Республики Казахстан от ... № ...».
    return bool(_DATE_LINE_START_RE.match(text) or _KIND_NEAR_START_RE.match(text))


def _issuer(text: str, kind: str) -> str:
    """Who adopted the act, in the nominative, for decrees, resolutions, decisions and orders."""
    if kind not in _DECREE_LIKE:
        return ""
    match = _RU_ISSUER_RE.match(text)
    if match:
        words = match.group(1).split()
        words[0] = _RU_ISSUERS.get(words[0].lower(), words[0])
        return " ".join(words)
    match = _EN_ISSUER_RE.match(text)
    if match:
        issuer = match.group(1)
        return issuer[:1].upper() + issuer[1:]
    match = _KK_ISSUER_RE.match(text)
    if match:
        words = match.group(1).split()
        last = words[-1]
        stem = _KK_GENITIVE_RE.sub("", last)
        # «мәслихатының» -> «мәслихаты»: the possessive vowel stays, the genitive goes.
        if last.lower().endswith(("ының", "інің")):
            stem = last[:-3]
        words[-1] = stem
        return " ".join(words)
    return ""


def _strip_reference(text: str) -> str:
    """A kind line without its date and number, as a fallback title."""
    text = re.sub(r"\s+(?:от|of|dated)\s+.*$", "", text, flags=_I)
    text = re.sub(r"\s*(?:№|\bN\s?\d|\bNo\.?\s?\d).*$", "", text)
    return text.strip(" .,")


def _title_kind(title: str) -> str:
    for kind, pattern in _TITLE_KIND_RE:
        if pattern.search(title):
            return kind
    return ""


def parse_header(blocks: list[Block], lines: list[Line]) -> Header:
    """Read the header blocks at the top; stop at the first block that is the act's text."""
    header = Header()
    index = 0
    limit = min(len(blocks), _HEADER_LIMIT)
    while index < limit:
        line = lines[index]
        text = line.text
        if _AMENDMENT_NOTE_RE.match(text) and text.endswith(")") and not header.amendment_note:
            header.amendment_note = text
            index += 1
            continue
        if line.type in ANNOTATION_TYPES:
            index = _header_annotation(header, lines, index)
            continue
        if line.type != LineType.TEXT or is_annex_marker(text) or formula_kind(text):
            break
        bare = text.rstrip(".")
        if _is_kind_line(bare) and (not header.kind_line or _completes_kind_line(header, bare)):
            _read_kind_line(header, bare)
            index += 1
            continue
        if header.recognised and _REGISTRATION_RE.search(bare) and len(bare) < 300:
            header.annotations.append(ParsedAnnotation(AnnotationKind.NOTE, text))
            index += 1
            continue
        if header.recognised and TRAILER_RE.match(bare):
            index += 1
            continue
        if not header.title and _is_title(text, header):
            index = _read_title(header, lines, index)
            continue
        break
    header.body_start = index
    if not header.title and header.kind_line:
        quoted = _QUOTED_TITLE_RE.search(header.kind_line)
        header.title = quoted.group(1) if quoted else _strip_reference(header.kind_line)
    return header


def _header_annotation(header: Header, lines: list[Line], index: int) -> int:
    line = lines[index]
    kind = {
        LineType.FOOTNOTE: AnnotationKind.FOOTNOTE,
        LineType.NOTE: AnnotationKind.NOTE,
        LineType.EDITORIAL: AnnotationKind.EDITORIAL,
        LineType.AMENDMENT: AnnotationKind.AMENDMENT,
    }[line.type]
    text = line.body if line.type in (LineType.FOOTNOTE, LineType.NOTE) else line.text
    index += 1
    if (
        line.type in (LineType.EDITORIAL, LineType.NOTE)
        and not line.body
        and index < len(lines)
        and lines[index].type == LineType.TEXT
    ):
        text = f"{text} {lines[index].text}".strip() if line.type == LineType.EDITORIAL else lines[index].text
        index += 1
    header.annotations.append(ParsedAnnotation(kind, text))
    return index


def _completes_kind_line(header: Header, text: str) -> bool:
    """«ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН» / «от 23 января 2001 года № 148-II» on the next line."""
    missing = header.adopted_on is None or not header.number
    return missing and bool(_DATE_LINE_START_RE.match(text)) and not _kind_of_line(text)


def _read_kind_line(header: Header, text: str) -> None:
    """Take kind, date, number and issuer from a header line, keeping what is already known."""
    header.kind_line = header.kind_line or text
    header.recognised = True
    kind = _kind_of_line(text)
    if kind in ("concept", "programme"):
        # «Концепция развития ...» is the document's own title, not a kind line.
        header.kind = header.kind or kind
        if not header.title:
            header.title = _strip_reference(text) if find_number(text) else text
        return
    if not kind and len(text) < 300:
        for candidate, pattern in _KIND_ANYWHERE_RE:
            if pattern.search(text):
                kind = candidate
                break
    header.kind = header.kind or kind
    header.adopted_on = header.adopted_on or find_date(text)
    header.number = header.number or find_number(text)
    header.issuer = header.issuer or _issuer(text, kind)


def _is_title(text: str, header: Header) -> bool:
    """A title is short and is not a sentence ("On Monday we went out." is prose)."""
    if len(text) > 500 or text.endswith((":", ";")):
        return False
    if text.endswith(".") and not text.endswith("туралы."):
        return False
    if _TITLE_RE.search(text) or _title_kind(text):
        return True
    # After a kind line any short header-like line is the title.
    return header.recognised and len(text) < 400


def _read_title(header: Header, lines: list[Line], index: int) -> int:
    first = lines[index].text
    parts = [first[:-1] if first.endswith("туралы.") else first]
    index += 1
    # A title broken over lines: a lowercase continuation, or CAPITALS continued in capitals.
    while index < len(lines) and lines[index].type == LineType.TEXT and len(lines[index].text) < 300:
        nxt = lines[index].text
        if is_annex_marker(nxt) or formula_kind(nxt) or _is_kind_line(nxt.rstrip(".")):
            break
        lowercase_continuation = starts_lowercase(nxt) and not parts[-1].endswith((".", ";", ":"))
        caps_continuation = parts[-1].isupper() and nxt.isupper() and not nxt.endswith((".", ":"))
        if not (lowercase_continuation or caps_continuation):
            break
        parts.append(nxt)
        index += 1
    header.title = " ".join(parts)
    header.recognised = True
    title_kind = _title_kind(header.title)
    if title_kind and not header.kind:
        header.kind = title_kind
    return index


def infer_kind(header: Header, lines: list[Line], body_end: int) -> str:
    """The act kind when the header does not name it: operative formula, then self-references."""
    if header.kind:
        return header.kind
    start = header.body_start
    for line in lines[start:body_end]:
        if line.type == LineType.FORMULA:
            return line.formula_kind
    for kind, pattern in _MENTION_RE:
        for line in lines[start:body_end]:
            if pattern.search(line.text):
                return kind
    if any(line.type == LineType.ARTICLE for line in lines[start:body_end]):
        return "law"
    return "other"
