"""The parser's output: a plain tree of dataclasses, independent of Django.

The loader (``apps.documents.loader.parse_text``) turns a legal text into a
``ParsedDocument``; ``apps.documents.services.document_load`` writes it to the
database. Keeping the two apart lets the parser be tested on strings alone and
lets the service compare a new parse with what is stored (idempotent loads).

Keys are *stable identifiers inside one document text*: they are derived from
the numbering (``art-39-3.p1.sp3-1``), never from the position of the line in
the file, so a correction elsewhere in the text does not change them. Keys use
only ``[a-z0-9.-]`` so they can go into URLs as they are.
"""

# The field comments quote Russian/Kazakh examples and are kept on one line each.

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


class SectionKind:
    """What a node of the document tree is. Strings, so they go into the DB as they are."""

    DECREE = "decree"  # the operative part of a decree/resolution/decision ("ПОСТАНОВЛЯЮ: 1. ... 2. ...")
    PREAMBLE = "preamble"  # text before the operative points or before the first heading
    INTRODUCTION = "introduction"  # unnumbered introduction ("Введение", or untitled text after a title)
    PART = "part"  # «Часть», «Бөлім» at the top of codes
    SECTION = "section"  # «Раздел N», «N-бөлім», "1. Vision ..." in concepts
    SUBSECTION = "subsection"  # "1. Analysis ..." restarting inside a section (= 1.1)
    CHAPTER = "chapter"  # «Глава N», «N-тарау», "Chapter N"
    PARAGRAPH = "paragraph"  # «Параграф N», «N-параграф» (a group of articles inside a chapter)
    ARTICLE = "article"  # «Статья N», «N-бап», "Article N"
    ANNEX = "annex"  # an approved document or «Приложение N», «N-қосымша», "Annex", "Approved by ..."
    SIGNATURE = "signature"  # never produced as a section; signatures go to ParsedDocument.signatories

    ALL = (
        DECREE,
        PREAMBLE,
        INTRODUCTION,
        PART,
        SECTION,
        SUBSECTION,
        CHAPTER,
        PARAGRAPH,
        ARTICLE,
        ANNEX,
    )


class ProvisionKind:
    POINT = "point"  # numbered point "1.", "1-1."
    SUBPOINT = "subpoint"  # "1)", "3-1)"
    PART = "part"  # numbered part of an article where the act calls it so ("1. ..." inside «Статья»)
    PARAGRAPH = "paragraph"  # unnumbered paragraph of body text

    ALL = (POINT, SUBPOINT, PART, PARAGRAPH)


class AnnotationKind:
    FOOTNOTE = "footnote"  # «Сноска.», «Ескерту.» at the top of an act: history of amendments
    NOTE = "note"  # «Примечание», «Ескерту» as a note inside the text, "Note"
    AMENDMENT = "amendment"  # bracketed amendment marks: «(в редакции Закона РК от ...)», «[изменен ...]»
    EDITORIAL = "editorial"  # publisher's notes such as «Примечание ИЗПИ!», «РҚАО-ның ескертпесі!»

    ALL = (FOOTNOTE, NOTE, AMENDMENT, EDITORIAL)


@dataclass
class ParsedAnnotation:
    kind: str
    text: str


@dataclass
class ParsedProvision:
    key: str  # stable, unique in the document: "decree.p1", "concept.intro.para2", "art-39-3.p1.sp3-1"
    number: str  # the number label as printed, without punctuation: "1", "1-1", "3-1"; "" if unnumbered
    kind: str  # ProvisionKind
    text: str  # the provision's own text, without its number label; subpoints are separate provisions
    annotations: list[ParsedAnnotation] = field(default_factory=list)
    removed: bool = False  # «исключен», «алып тасталды»: the point keeps its number, the text is the removal note


@dataclass
class ParsedSection:
    key: str  # stable, unique in the document: "decree", "concept", "concept.intro", "concept.1.1", "art-2-1"
    kind: str  # SectionKind
    number: str  # label as a string: "1", "1.1" (for a subsection of section 1), "2-1", "39-3"; "" if none
    heading: str  # the heading text without the number and kind word ("Analysis of the current situation")
    children: list[ParsedSection] = field(default_factory=list)
    provisions: list[ParsedProvision] = field(default_factory=list)
    annotations: list[ParsedAnnotation] = field(default_factory=list)
    removed: bool = False  # an article removed from the act that keeps its number


@dataclass
class ParsedDocument:
    kind: str  # "decree", "law", "code", "resolution", "decision", "order", "concept", "programme", "other"
    title: str  # "About approval of the Concept of development of local self-government ..."
    number: str  # "438", "101-V", "" if unknown
    adopted_on: datetime.date | None
    amendment_note: str  # "(as amended of the Presidential decree ... of 10.09.2019 No. 151)" or ""
    language: str  # "kk", "ru" or "en": detected from the text (the caller may override it)
    sections: list[ParsedSection] = field(default_factory=list)  # top level, in document order
    annotations: list[ParsedAnnotation] = field(default_factory=list)  # document-level footnotes/notes
    signatories: list[str] = field(default_factory=list)  # ["President of the Republic of Kazakhstan N. Nazarbayev"]
    issuer: str = ""  # who adopted it, when the header says so: "President of the Republic of Kazakhstan"

    def iter_sections(self):
        """Every section in document order (depth first)."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))


class LoaderError(ValueError):
    """A text the loader cannot turn into a document. The message is shown to the user as it is."""
