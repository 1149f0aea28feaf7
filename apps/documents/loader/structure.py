"""Classified blocks -> the section/provision tree, with stable keys.

One pass over the blocks with a stack of open sections. Structural headings
(«Раздел», «Глава», «Статья») nest by rank; plain numbered headings of
concepts ("1. Vision", "1. Analysis", "2. ...") nest by their numbering, since
the printed number restarts at every level; provisions go into the innermost
open section. Keys are built from printed numbers only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .annexes import AnnexGroup, is_concept_title
from .keys import KeyRegistry, number_value, slug
from .lines import (
    ANNOTATION_TYPES,
    NUMBERED_TYPES,
    REMOVED_RE,
    STRUCTURAL_TYPES,
    TERMINAL_PUNCT,
    Line,
    LineType,
    is_heading_shaped,
    split_amendments,
    unwrap_brackets,
)
from .toc import Toc, normalise_title
from .types import (
    AnnotationKind,
    ParsedAnnotation,
    ParsedProvision,
    ParsedSection,
    ProvisionKind,
    SectionKind,
)

RANK_PART = 0
RANK_SECTION = 1
RANK_CHAPTER = 2
RANK_PARAGRAPH = 3
RANK_ARTICLE = 4
RANK_PLAIN = 10  # + level of a plain (concept-style) heading
RANK_LEAD = 100  # implicit decree/preamble/introduction: closed by any heading

DECREE_LIKE = frozenset({"decree", "resolution", "decision", "order"})
_PLAIN_HEADING_KINDS = frozenset({"concept", "programme", "other"})
_SECTION_LIKE = frozenset({SectionKind.SECTION, SectionKind.SUBSECTION})

# line type -> (section kind, rank, key word)
_STRUCTURAL = {
    LineType.PART: (SectionKind.PART, RANK_PART, "part"),
    LineType.SECTION: (SectionKind.SECTION, RANK_SECTION, "sec"),
    LineType.CHAPTER: (SectionKind.CHAPTER, RANK_CHAPTER, "ch"),
    LineType.PARAGRAPH: (SectionKind.PARAGRAPH, RANK_PARAGRAPH, "par"),
    LineType.ARTICLE: (SectionKind.ARTICLE, RANK_ARTICLE, "art"),
}
_ANNOTATION_KIND = {
    LineType.FOOTNOTE: AnnotationKind.FOOTNOTE,
    LineType.NOTE: AnnotationKind.NOTE,
    LineType.EDITORIAL: AnnotationKind.EDITORIAL,
    LineType.AMENDMENT: AnnotationKind.AMENDMENT,
}
_BODY_TYPES = frozenset({LineType.TEXT, LineType.SUBPOINT, LineType.LETTER})
ANNEX_ROLE = "annex"


@dataclass
class _Open:
    """A section on the stack and what its numbering needs."""

    section: ParsedSection
    rank: int
    md_level: int = 0
    value: int | None = None  # numeric value of a plain heading's number


@dataclass
class _State:
    """Per-section counters and the provisions later lines attach to."""

    paragraphs: int = 0
    unnumbered: int = 0
    last_point: ParsedProvision | None = None
    last_subpoint: ParsedProvision | None = None
    last: ParsedProvision | None = None


class StructureBuilder:
    """Builds ``sections`` (top level) from ``lines[body_start:]``."""

    def __init__(
        self,
        *,
        kind: str,
        lines: list[Line],
        body_start: int,
        roles: list[str | None],
        signatures: dict[int, str],
        annexes: list[AnnexGroup],
        toc: Toc | None,
    ) -> None:
        self.kind = kind
        self.lines = lines
        self.body_start = body_start
        self.roles = roles
        self.signature_text = signatures
        self.toc = toc
        self.annex_at = {group.start: group for group in annexes}
        self.keys = KeyRegistry()
        self.sections: list[ParsedSection] = []
        self.annotations: list[ParsedAnnotation] = []
        self.signatories: list[str] = []
        self.saw_structure = False
        self._stack: list[_Open] = []
        self._states: dict[int, _State] = {}
        self._root_state = _State()
        self._container: ParsedSection | None = None
        self._container_has_headings = False
        self._annex_count = 0
        self._shape_memo: dict[int, bool] = {}
        self._pending: list[ParsedAnnotation] = []  # editorial notes waiting for what follows them
        ends = [group.start for group in annexes[1:]] + ([len(lines)] if annexes else [])
        self._annex_headings = {
            group.start: self._range_has_headings(group.end + 1, end) for group, end in zip(annexes, ends, strict=True)
        }

    # -- main loop -------------------------------------------------------------------------

    def build(self) -> None:
        index = self.body_start
        count = len(self.lines)
        while index < count:
            group = self.annex_at.get(index)
            if group is not None:
                self._start_annex(group)
                index = group.end + 1
                continue
            role = self.roles[index]
            if role is not None:
                if index in self.signature_text:
                    self.signatories.append(self.signature_text[index])
                index += 1
                continue
            index = self._dispatch(index)
        self._flush_pending(self.annotations)

    def _dispatch(self, index: int) -> int:
        line = self.lines[index]
        kind = line.type
        if kind in ANNOTATION_TYPES:
            return self._annotation(index)
        if kind in STRUCTURAL_TYPES:
            return self._structural(index)
        if kind == LineType.INTRO:
            self._unnumbered_heading(line, SectionKind.INTRODUCTION, "intro")
        elif kind == LineType.CONCLUSION:
            self._unnumbered_heading(line, SectionKind.SECTION, "conclusion")
        elif kind in NUMBERED_TYPES:
            if self._is_plain_heading(index):
                self._numbered_heading(line)
            elif kind == LineType.ROMAN:
                self._provision(ProvisionKind.PARAGRAPH, "", line.text)
            else:
                self._provision(ProvisionKind.POINT, line.number.rstrip("."), line.body)
        elif kind == LineType.SUBPOINT:
            self._provision(ProvisionKind.SUBPOINT, line.number, line.body)
        elif kind == LineType.LETTER:
            self._provision(ProvisionKind.SUBPOINT, line.number, line.body, letter=True)
        elif kind == LineType.FORMULA:
            self._formula(line)
        elif kind == LineType.TOC:
            pass  # a second, unparsed table of contents: not text of the act
        elif line.md_level or self._is_caps_heading(index):
            self._unnumbered_heading(line, SectionKind.SECTION, None)
        else:
            self._provision(ProvisionKind.PARAGRAPH, "", line.text)
        return index + 1

    # -- lookahead ------------------------------------------------------------------------

    def _next_content(self, index: int) -> int | None:
        """The next block after ``index`` that is not an annotation, or None at an end."""
        nxt = index + 1
        while nxt < len(self.lines) and self.roles[nxt] is None and self.lines[nxt].type in ANNOTATION_TYPES:
            nxt += 1
        if nxt >= len(self.lines) or self.roles[nxt] is not None:
            return None
        return nxt

    def _shape(self, index: int) -> bool:
        """Heading shape: short, unpunctuated, followed by body text (maybe via more headings)."""
        chain: list[int] = []
        current = index
        result = False
        while True:
            if current in self._shape_memo:
                result = self._shape_memo[current]
                break
            if not is_heading_shaped(self.lines[current].body):
                self._shape_memo[current] = False
                break
            chain.append(current)
            nxt = self._next_content(current)
            if nxt is None:
                break
            following = self.lines[nxt]
            if following.md_level or following.type in _BODY_TYPES:
                result = True
                break
            if following.type not in NUMBERED_TYPES:
                break
            current = nxt
        for item in chain:
            self._shape_memo[item] = result
        return result

    def _range_has_headings(self, start: int, end: int) -> bool:
        """Whether an annex has headings, so that text before the first one is an introduction."""
        for index in range(start, end):
            if self.roles[index] is not None:
                continue
            line = self.lines[index]
            if (
                line.type in STRUCTURAL_TYPES
                or line.type in (LineType.INTRO, LineType.CONCLUSION, LineType.TOC)
                or (line.md_level and line.type in (LineType.TEXT, *NUMBERED_TYPES))
                or (line.type in NUMBERED_TYPES and self._shape(index))
            ):
                return True
        return False

    def _plain_allowed(self, line: Line) -> bool:
        """Where a numbered line may be a heading: not inside articles, decrees or chapters."""
        kinds = {entry.section.kind for entry in self._stack}
        if kinds & {
            SectionKind.ARTICLE,
            SectionKind.DECREE,
            SectionKind.PREAMBLE,
            SectionKind.PARAGRAPH,
        }:
            return False
        if kinds & {SectionKind.CHAPTER, SectionKind.PART}:
            return line.type == LineType.DOTTED
        return self._container is not None or self.kind in _PLAIN_HEADING_KINDS

    def _is_plain_heading(self, index: int) -> bool:
        line = self.lines[index]
        if line.md_level:
            return True
        return self._plain_allowed(line) and self._shape(index)

    def _is_caps_heading(self, index: int) -> bool:
        """«ОБЩИЕ ПОЛОЖЕНИЯ»: an unnumbered heading in capitals, where headings may occur."""
        line = self.lines[index]
        text = line.text
        letters = sum(char.isalpha() for char in text)
        return (
            text.isupper()
            and letters >= 4
            and len(text) < 150
            and not text.endswith(TERMINAL_PUNCT)
            and self._plain_allowed(line)
            and self._next_content(index) is not None
        )

    # -- sections ------------------------------------------------------------------------

    def _state(self, section: ParsedSection | None) -> _State:
        if section is None:
            return self._root_state
        return self._states.setdefault(id(section), _State())

    def _parent(self) -> ParsedSection | None:
        return self._stack[-1].section if self._stack else self._container

    def _add_section(self, section: ParsedSection, rank: int, *, md_level: int = 0, value: int | None = None) -> None:
        parent = self._parent()
        if parent is None:
            self.sections.append(section)
        else:
            parent.children.append(section)
        self._stack.append(_Open(section, rank, md_level, value))
        if rank != RANK_LEAD:
            self._flush_pending(section.annotations)

    def _child_key(self, parent: ParsedSection | None, local: str) -> str:
        return f"{parent.key}.{local}" if parent is not None else local

    def _pop_lead(self) -> None:
        while self._stack and self._stack[-1].rank == RANK_LEAD:
            self._stack.pop()

    def _plain_base(self) -> int:
        base = len(self._stack)
        while base > 0 and RANK_PLAIN <= self._stack[base - 1].rank < RANK_LEAD:
            base -= 1
        return base

    def _open_lead(self, kind: str, local: str) -> ParsedSection:
        parent = self._container
        section = ParsedSection(key=self.keys.claim(self._child_key(parent, local)), kind=kind, number="", heading="")
        self._add_section(section, RANK_LEAD)
        return section

    def _start_annex(self, group: AnnexGroup) -> None:
        self.saw_structure = True
        self._stack.clear()
        self._annex_count += 1
        if group.title and is_concept_title(group.title):
            local = "concept"
        else:
            local = f"annex-{slug(group.number) or self._annex_count}"
        section = ParsedSection(
            key=self.keys.claim(local),
            kind=SectionKind.ANNEX,
            number=group.number,
            heading=group.title,
            annotations=[ParsedAnnotation(AnnotationKind.NOTE, group.note)],
        )
        self.sections.append(section)
        self._flush_pending(section.annotations)
        self._container = section
        self._container_has_headings = self._annex_headings[group.start]

    def _structural(self, index: int) -> int:
        """«Раздел», «Глава», «Параграф», «Статья» and their Kazakh/English forms."""
        self.saw_structure = True
        line = self.lines[index]
        kind, rank, word = _STRUCTURAL[line.type]
        number, heading = line.number, line.body
        local_number = slug(number)
        if line.type == LineType.PART and number in ("general", "special"):
            number, heading = "", line.text  # «ОБЩАЯ ЧАСТЬ»
        following = index + 1
        if not heading and following < len(self.lines) and self.roles[following] is None:
            nxt = self.lines[following]
            if nxt.type == LineType.TEXT and len(nxt.text) < 200 and not nxt.text.endswith(TERMINAL_PUNCT):
                heading = nxt.text  # «Глава 1» / «Общие положения» on two lines
                following += 1
        removed = bool(REMOVED_RE.match(heading))
        marks: list[str] = []
        if not removed:
            heading, marks = split_amendments(heading)
        self._pop_lead()
        while self._stack and self._stack[-1].rank >= rank:
            self._stack.pop()
        base: ParsedSection | None = self._container
        if line.type == LineType.PARAGRAPH:
            # «Параграф 1» restarts in every chapter of a code.
            chapter = next(
                (e.section for e in reversed(self._stack) if e.section.kind == SectionKind.CHAPTER),
                None,
            )
            base = chapter or base
        section = ParsedSection(
            key=self.keys.claim(self._child_key(base, f"{word}-{local_number}")),
            kind=kind,
            number=number,
            heading=heading,
            annotations=[ParsedAnnotation(AnnotationKind.AMENDMENT, mark) for mark in marks],
            removed=removed,
        )
        self._add_section(section, rank)
        return following

    def _numbered_heading(self, line: Line) -> None:
        """A concept-style heading "1. Vision": its level comes from the numbering."""
        self.saw_structure = True
        self._pop_lead()
        if line.type == LineType.DOTTED:
            self._dotted_heading(line)
            return
        value = number_value(line.number)
        base = self._plain_base()
        # «Введение» is not numbered: the sections after it are its siblings, not its children.
        while len(self._stack) > base and self._stack[-1].section.kind == SectionKind.INTRODUCTION:
            self._stack.pop()
        plain = self._stack[base:]
        if line.md_level:
            while plain and (not plain[-1].md_level or plain[-1].md_level >= line.md_level):
                plain.pop()
            level = len(plain) + 1
        elif plain and value == 1 and not _has_body(plain[-1].section):
            level = len(plain) + 1  # "1." right under a heading with no text yet: a subsection
        elif self.toc is not None and normalise_title(line.body) in self.toc.top_titles:
            level = 1
        else:
            # Continue the innermost level whose number precedes this one; "1." that continues
            # nothing opens a level under the current heading; anything else is top-level.
            level = next(
                (d for d in range(len(plain), 0, -1) if value is not None and plain[d - 1].value == value - 1),
                len(plain) + 1 if plain and value == 1 else 1,
            )
        del self._stack[base + level - 1 :]
        parent = self._parent()
        number = line.number
        if parent is not None and parent.kind in _SECTION_LIKE and parent.number:
            number = f"{parent.number}.{line.number}"
        section = ParsedSection(
            key=self.keys.claim(self._child_key(parent, slug(line.number))),
            kind=self._heading_kind(parent),
            number=number,
            heading=self._heading_text(line.body),
        )
        self._add_section(section, RANK_PLAIN + level, md_level=line.md_level, value=value)

    def _dotted_heading(self, line: Line) -> None:
        """ "1.1 Analysis": the prefix names the parent when such a section is open."""
        number = line.number.rstrip(".")
        parts = number.split(".")
        prefix = ".".join(parts[:-1])
        found = next(
            (
                position
                for position in range(len(self._stack) - 1, -1, -1)
                if self._stack[position].section.number == prefix
                and self._stack[position].section.kind in (*_SECTION_LIKE, SectionKind.CHAPTER)
            ),
            None,
        )
        if found is not None:
            del self._stack[found + 1 :]
        else:
            del self._stack[self._plain_base() + len(parts) - 1 :]
        parent = self._parent()
        parent_rank = self._stack[-1].rank if self._stack else RANK_PLAIN
        section = ParsedSection(
            key=self.keys.claim(self._child_key(parent, slug(parts[-1]))),
            kind=self._heading_kind(parent),
            number=number,
            heading=self._heading_text(line.body),
        )
        self._add_section(
            section,
            max(parent_rank, RANK_PLAIN) + 1,
            md_level=line.md_level,
            value=number_value(parts[-1]),
        )

    def _unnumbered_heading(self, line: Line, kind: str, local: str | None) -> None:
        """«Введение», «Заключение», a Markdown heading or a heading in capitals."""
        self.saw_structure = True
        self._pop_lead()
        base = self._plain_base()
        plain = self._stack[base:]
        if line.md_level:
            while plain and (not plain[-1].md_level or plain[-1].md_level >= line.md_level):
                plain.pop()
        else:
            plain = []
        del self._stack[base + len(plain) :]
        parent = self._parent()
        if local is None:
            state = self._state(parent)
            state.unnumbered += 1
            local = f"s{state.unnumbered}"
        if kind == SectionKind.SECTION:
            kind = self._heading_kind(parent)
        section = ParsedSection(
            key=self.keys.claim(self._child_key(parent, local)),
            kind=kind,
            number="",
            heading=self._heading_text(line.text),
        )
        self._add_section(section, RANK_PLAIN + len(plain) + 1, md_level=line.md_level)

    @staticmethod
    def _heading_kind(parent: ParsedSection | None) -> str:
        if parent is not None and parent.kind in (*_SECTION_LIKE, SectionKind.CHAPTER):
            return SectionKind.SUBSECTION
        return SectionKind.SECTION

    @staticmethod
    def _heading_text(text: str) -> str:
        heading, _marks = split_amendments(text)
        return heading

    # -- provisions and annotations ------------------------------------------------------------

    def _target(self) -> ParsedSection:
        """Where a provision goes; opens the implicit decree/preamble/introduction if needed."""
        if self._stack:
            return self._stack[-1].section
        if self._container is not None:
            if self._container_has_headings:
                return self._open_lead(SectionKind.INTRODUCTION, "intro")
            return self._container
        if self.kind in DECREE_LIKE:
            return self._open_lead(SectionKind.DECREE, "decree")
        if self.kind in ("law", "code"):
            return self._open_lead(SectionKind.PREAMBLE, "preamble")
        return self._open_lead(SectionKind.INTRODUCTION, "intro")

    def _formula(self, line: Line) -> None:
        """«... ПОСТАНОВЛЯЮ:» ends the preamble of the operative (decree) part."""
        self.saw_structure = True
        on_top = self._container is None
        if on_top and not (self._stack and self._stack[-1].section.kind == SectionKind.DECREE):
            self._pop_lead()
            if not self._stack:
                self._open_lead(SectionKind.DECREE, "decree")
        self._provision(ProvisionKind.PARAGRAPH, "", line.text)

    def _provision(self, kind: str, number: str, text: str, *, letter: bool = False) -> None:
        if kind != ProvisionKind.PARAGRAPH:
            self.saw_structure = True
        section = self._target()
        state = self._state(section)
        removed = bool(REMOVED_RE.match(text))
        annotations: list[ParsedAnnotation] = []
        if removed:
            text = unwrap_brackets(text)
        else:
            stripped, marks = split_amendments(text)
            if stripped:
                text = stripped
                annotations = [ParsedAnnotation(AnnotationKind.AMENDMENT, mark) for mark in marks]
        if kind == ProvisionKind.POINT:
            key = f"{section.key}.p{slug(number)}"
        elif letter:
            owner = state.last_subpoint or state.last_point
            key = f"{owner.key if owner else section.key}.lit-{slug(number)}"
        elif kind == ProvisionKind.SUBPOINT:
            owner = state.last_point
            key = f"{owner.key if owner else section.key}.sp{slug(number)}"
        else:
            state.paragraphs += 1
            key = f"{section.key}.para{state.paragraphs}"
        provision = ParsedProvision(
            key=self.keys.claim(key),
            number=number,
            kind=kind,
            text=text,
            annotations=annotations,
            removed=removed,
        )
        section.provisions.append(provision)
        self._flush_pending(provision.annotations)
        if kind == ProvisionKind.POINT:
            state.last_point, state.last_subpoint = provision, None
        elif kind == ProvisionKind.SUBPOINT and not letter:
            state.last_subpoint = provision
        state.last = provision

    def _annotation(self, index: int) -> int:
        """Footnotes and amendment marks attach to what precedes them, notes to the section,
        publisher's notes to what follows them (that is how each is printed)."""
        line = self.lines[index]
        kind = _ANNOTATION_KIND[line.type]
        following = index + 1
        text = line.body if line.type in (LineType.FOOTNOTE, LineType.NOTE) else line.text
        if (
            line.type in (LineType.EDITORIAL, LineType.NOTE)
            and not line.body
            and following < len(self.lines)
            and self.roles[following] is None
            and self.lines[following].type == LineType.TEXT
        ):
            # «Примечание ИЗПИ!» / the paragraph it is about.
            nxt = self.lines[following].text
            text = f"{line.text} {nxt}" if line.type == LineType.EDITORIAL else nxt
            following += 1
        if line.type == LineType.AMENDMENT:
            _rest, marks = split_amendments(line.text)
            for mark in marks:
                self._attach(ParsedAnnotation(kind, mark), to_section=False)
        elif line.type == LineType.EDITORIAL and self._body_started():
            # «Примечание ИЗПИ! Пункт 3 вводится ...» is printed before what it is about.
            self._pending.append(ParsedAnnotation(kind, text))
        else:
            self._attach(ParsedAnnotation(kind, text), to_section=line.type == LineType.NOTE)
        return following

    def _body_started(self) -> bool:
        """Whether the innermost section has text already (so a note is not about its heading)."""
        section = self._parent()
        return section is not None and _has_body(section)

    def _flush_pending(self, target: list[ParsedAnnotation]) -> None:
        if self._pending:
            target.extend(self._pending)
            self._pending.clear()

    def _attach(self, annotation: ParsedAnnotation, *, to_section: bool) -> None:
        section = self._parent()
        if section is None:
            self.annotations.append(annotation)
            return
        last = self._state(section).last
        if not to_section and last is not None:
            last.annotations.append(annotation)
        else:
            section.annotations.append(annotation)


def _has_body(section: ParsedSection) -> bool:
    return bool(section.provisions or section.children)
