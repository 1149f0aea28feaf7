"""Table of contents («Содержание», «Мазмұны», "Contents").

The TOC is not text of the act: its entries must not become provisions. It is
still useful: in concepts whose headings are plain "1." numbers restarting
at every level, the TOC tells which headings are top-level. It may be out of
date, so it is only consulted, never trusted to match the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .annexes import is_annex_marker
from .blocks import Block
from .keys import number_value
from .lines import NUMBERED_TYPES, STRUCTURAL_TYPES, Line, LineType

_LEADERS_RE = re.compile(r"\s*(?:\.{2,}|…+|_{3,}|-{3,})\s*\d{1,4}$")
_LABEL_RE = re.compile(
    r"^(?:(?:Раздел|Section|Глава|Chapter|Часть|Part|Параграф|Статья|Article)\s+\S+"
    r"|\d{1,4}(?:-\d{1,3})*\s*-\s*(?:бөлім|тарау|бап|параграф)"
    r"|[IVXLC]{1,7}\.|\d{1,2}(?:\.\d{1,2})*\.?(?=\s))\s*\.?\s*",
    re.IGNORECASE,
)
_NON_WORD_RE = re.compile(r"[^\w]+")
_ENTRY_MAX = 220
_SKIP_TYPES = frozenset(
    {
        LineType.FOOTNOTE,
        LineType.NOTE,
        LineType.EDITORIAL,
        LineType.FORMULA,
        LineType.SUBPOINT,
        LineType.LETTER,
        LineType.TOC,
    }
)


def normalise_title(text: str) -> str:
    """A heading without its label, page number, case and punctuation, for matching."""
    text = _LEADERS_RE.sub("", text)
    text = _LABEL_RE.sub("", text, count=1)
    return _NON_WORD_RE.sub(" ", text.lower()).strip()


@dataclass
class Toc:
    start: int  # the «Содержание» block
    end: int  # first block after the entries
    top_titles: set[str] = field(default_factory=set)  # normalised top-level entry titles


def _entry_label(line: Line) -> str:
    """An explicit label («Раздел 2», «1.1») whose repetition means the body has begun."""
    if line.type in STRUCTURAL_TYPES:
        return f"{line.type}:{line.number}"
    if line.type == LineType.DOTTED:
        return f"dotted:{line.number}"
    return ""


def find_toc(blocks: list[Block], lines: list[Line], start: int) -> Toc | None:
    """The first table of contents at or after ``start``, with its entries' levels."""
    head = next((i for i in range(start, len(lines)) if lines[i].type == LineType.TOC), None)
    if head is None:
        return None
    head_md = blocks[head].md_level
    seen_titles: set[str] = set()
    seen_labels: set[str] = set()
    entries: list[tuple[int, Line, str]] = []
    index = head + 1
    while index < len(lines):
        block, line = blocks[index], lines[index]
        text = _LEADERS_RE.sub("", line.text)
        if head_md and block.md_level and block.md_level <= head_md:
            break
        if (
            line.type in _SKIP_TYPES
            or len(text) > _ENTRY_MAX
            or text.endswith((";", ":", "."))
            or is_annex_marker(text)
        ):
            break
        title = normalise_title(text)
        label = _entry_label(line)
        if not title or title in seen_titles or (label and label in seen_labels):
            break  # the body starts by repeating the first heading
        seen_titles.add(title)
        if label:
            seen_labels.add(label)
        entries.append((block.indent, line, title))
        index += 1
    if not entries:
        return None
    toc = Toc(head, index)
    levels = _levels(entries)
    top = min(levels)
    toc.top_titles = {title for (_, _, title), level in zip(entries, levels, strict=True) if level == top}
    return toc


_KIND_LEVEL = {
    LineType.PART: 0,
    LineType.SECTION: 1,
    LineType.CHAPTER: 2,
    LineType.PARAGRAPH: 3,
    LineType.ARTICLE: 4,
}


def _levels(entries: list[tuple[int, Line, str]]) -> list[int]:
    """Entry levels from labels, indentation, dotted numbers or, failing that, numbering."""
    indents = sorted({indent for indent, _, _ in entries})
    levels: list[int] = []
    stack: list[int] = []  # last number at each plain level
    for indent, line, _title in entries:
        if line.type in _KIND_LEVEL:
            levels.append(_KIND_LEVEL[line.type])
            continue
        if line.type == LineType.DOTTED:
            levels.append(10 + line.number.count("."))
            continue
        if len(indents) > 1:
            levels.append(10 + indents.index(indent))
            continue
        value = number_value(line.number) if line.type in NUMBERED_TYPES else None
        if value is None:
            levels.append(10)
            stack = []
            continue
        if value == 1 and stack:
            stack.append(1)  # "1." right after an entry restarts one level down
        else:
            depth = next((d for d in range(len(stack), 0, -1) if stack[d - 1] == value - 1), 1)
            stack = stack[:depth]
            if stack:
                stack[-1] = value
            else:
                stack = [value]
        levels.append(10 + len(stack) - 1)
    return levels
