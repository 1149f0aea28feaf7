"""Lines of text (or Markdown) -> blocks, one per paragraph of the act.

Two layouts exist in the wild: paragraphs separated by blank lines (possibly
hard-wrapped), and adilet-style exports with one paragraph per line and no
blank lines at all. The layout is decided once per file from how its lines
end; within it, headings, points and list items always start a new block.
"""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

_I = re.IGNORECASE

_MD_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_HR_RE = re.compile(r"^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})$")
_MD_TABLE_SEP_RE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|?)+[ \t]*$")
_MD_TABLE_ROW_RE = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_MD_QUOTE_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_MD_BULLET_RE = re.compile(r"^([ \t]*)[-*+][ \t]+(?=\S)")
_MD_ORDERED_RE = re.compile(r"^([ \t]*)\d{1,4}(?:-\d{1,3})*\\?[.)][ \t]+(?=\S)")
_MD_FENCE_RE = re.compile(r"^[ \t]*(?:```|~~~)")
_PLAIN_BULLET_RE = re.compile(r"^[ \t]*[•·▪●◦][ \t]*")

_MD_SIGNAL_RE = re.compile(
    # "______" (blanks of a form) is not emphasis, so "__" must be followed by a letter.
    r"^ {0,3}#{1,6}[ \t]+\S|(?<!\*)\*\*[^\W_]|(?<!_)__[^\W_]|\\[.)\-*#]|\[[^\]\n]+\]\([^)\n]*\)"
    r"|^[ \t]*[-*+][ \t]+\*\*",
    re.MULTILINE,
)

_MD_CODE_RE = re.compile(r"`([^`\n]*)`")
_MD_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_REF_LINK_RE = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_MD_BOLD_RE = re.compile(r"(?<![\w*])(\*\*|__)(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_MD_ITALIC_STAR_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_MD_ITALIC_UNDER_RE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_MD_HTML_RE = re.compile(r"<br\s*/?>|</?(?:b|i|u|em|strong|sup|sub|span|p|div)\b[^>]*>", _I)
# Escaped characters are parked in the private-use area while emphasis is removed.
_PROTECT_BASE = 0xE000
_UNPROTECT = {_PROTECT_BASE + ord(ch): ch for ch in "\\`*_{}[]()#+-.!|>~<"}

_SPACES_RE = re.compile(r"\s+")

# Lines that always begin a block: headings, annex marks, notes (even inside a wrapped paragraph).
_HEADING_START_RE = re.compile(
    r"^(?:(?:Статья|Article|Глава|Chapter|Раздел|Section|Параграф|Paragraph|§)\s*\d+(?:-\d+)*"
    r"(?:\.|\s*$|\s+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])"
    r"|\d{1,4}(?:-\d{1,3})*\s*-\s*(?:бап|тарау|бөлім|параграф)\b"
    r"|(?:Приложение|Annex|Appendix)(?:\s+(?:№\s*)?\d+)?(?:\s+к\s|\s+to\s|\s*$)"
    r"|(?:УТВЕРЖДЕН[АОЫ]?|Утвержден[аоы]?|Approved\s+by|APPROVED|БЕКІТІЛГЕН|Бекітілген)\b"
    r"|(?:Содержание|Оглавление|Мазмұны|Contents|Введение|Кіріспе|Introduction)\s*:?$"
    r"|Примечание\s+(?:ИЗПИ|РЦПИ)|(?:РҚАО|ЗҚАИ)\s*-\s*(?:ның|нің)\s+ескертпесі|Note\s+of\s)"
)
_NOTE_START_RE = re.compile(r"^(?:Сноска|Ескерту|Footnote|Примечани[ея]|Ескертпе|Notes?)\s*[.:]", _I)
_POINT_START_RE = re.compile(
    r"^(?:\d{1,4}(?:-\d{1,3})*[.)](?!\d)|\d{1,2}(?:\.\d{1,2}){1,3}\.?\s|\(?[а-яёәғқңөұүһіa-z]\)\s"
    r"|[IVXLC]{1,6}\.\s|[-–—]\s)"
)
_TERMINAL = (".", ";", ":", "!", "?", ")", "»", '"')


@dataclass(slots=True)
class Block:
    """One paragraph of the act, markup removed and whitespace collapsed."""

    text: str
    md_level: int = 0  # level of a Markdown "#" heading, 0 otherwise
    list_item: bool = False
    indent: int = 0  # leading spaces of the first line (nesting in tables of contents)


@dataclass(slots=True)
class _Line:
    text: str
    md_level: int = 0
    list_item: bool = False
    indent: int = 0
    own_block: bool = False  # a Markdown table row or the first line of a quote


def looks_like_markdown(text: str) -> bool:
    """Markdown when it has headings, bold, escapes or links; plain dashes alone do not count."""
    return _MD_SIGNAL_RE.search(text) is not None


def clean_inline_markdown(text: str) -> str:
    """Drop emphasis, links, code spans and escapes, keeping the words."""
    text = _MD_ESCAPE_RE.sub(lambda m: chr(_PROTECT_BASE + ord(m.group(1))), text)
    text = _MD_CODE_RE.sub(r"\1", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _MD_REF_LINK_RE.sub(r"\1", text)
    text = _MD_HTML_RE.sub(" ", text)
    for _round in range(2):  # nested "**_text_**"
        text = _MD_BOLD_RE.sub(r"\2", text)
        text = _MD_ITALIC_STAR_RE.sub(r"\1", text)
        text = _MD_ITALIC_UNDER_RE.sub(r"\1", text)
    return text.translate(_UNPROTECT)


def _read_line(raw: str, markdown: bool) -> _Line | None:
    """One physical line -> its content, or None for a blank/decorative line."""
    if not raw.strip() or _HR_RE.match(raw):
        return None
    expanded = raw.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    md_level = 0
    list_item = False
    own_block = False
    text = raw
    if markdown:
        if _MD_TABLE_SEP_RE.match(raw) and "-" in raw:
            return None
        quoted = _MD_QUOTE_RE.match(text)
        if quoted:
            text = text[quoted.end() :]
            own_block = True
        if _MD_TABLE_ROW_RE.match(text):
            own_block = True
            # A table row is read as its non-empty cells ("| Аким | Б. Сагинтаев |").
            text = " ".join(cell.strip() for cell in text.strip().strip("|").split("|") if cell.strip())
            if not text:
                return None
        heading = _MD_HEADING_RE.match(text)
        if heading:
            md_level = len(heading.group(1))
            text = heading.group(2) or ""
        else:
            bullet = _MD_BULLET_RE.match(text)
            if bullet:
                list_item = True
                text = text[bullet.end() :]
            elif _MD_ORDERED_RE.match(text):
                list_item = True
        text = clean_inline_markdown(text)
    else:
        text = _PLAIN_BULLET_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text).strip()
    if not text:
        return None
    return _Line(text, md_level, list_item, indent, own_block)


def _starts_block(prev: _Line, line: _Line, line_mode: bool) -> bool:
    """Whether ``line`` begins a new paragraph rather than continuing ``prev``."""
    if line.md_level or prev.md_level or line.list_item or line.own_block or prev.own_block:
        return True
    if _HEADING_START_RE.match(line.text) or _NOTE_START_RE.match(line.text):
        return True
    lowercase = line.text[:1].islower()
    prev_done = prev.text.endswith(_TERMINAL)
    if _HEADING_START_RE.match(prev.text):
        return not lowercase or prev_done
    if _POINT_START_RE.match(line.text):
        return prev_done or line_mode
    if line_mode:
        return not lowercase or prev_done
    return False


def _is_break(prev: _Line, line: _Line) -> bool:
    """Does this line boundary look like the end of a paragraph (used to pick the layout)."""
    return (
        prev.text.endswith(_TERMINAL)
        or bool(_HEADING_START_RE.match(line.text) or _POINT_START_RE.match(line.text))
        or bool(_HEADING_START_RE.match(prev.text))
    )


def split_blocks(text: str) -> list[Block]:
    """Split normalised text into paragraphs, Markdown or plain."""
    markdown = looks_like_markdown(text)
    items: list[_Line | None] = []
    for raw in text.split("\n"):
        # Code fences carry no meaning in an act; their content is read as text.
        fence = markdown and _MD_FENCE_RE.match(raw)
        items.append(None if fence else _read_line(raw, markdown))
    transitions = 0
    breaks = 0
    for prev, line in pairwise(items):
        if prev is not None and line is not None:
            transitions += 1
            breaks += _is_break(prev, line)
    line_mode = transitions > 0 and breaks * 2 >= transitions

    blocks: list[Block] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            first = current[0]
            joined = _SPACES_RE.sub(" ", " ".join(part.text for part in current)).strip()
            blocks.append(Block(joined, first.md_level, first.list_item, first.indent))
            current.clear()

    for item in items:
        if item is None:
            flush()
        elif current and _starts_block(current[-1], item, line_mode):
            flush()
            current.append(item)
        else:
            current.append(item)
    flush()
    return blocks
