"""Legal-text loader: the plain text (or Markdown) of a Kazakhstan legal act -> ``ParsedDocument``.

Pipeline: ``decode_bytes`` (bytes -> normalised text) -> ``split_blocks``
(paragraphs) -> ``classify`` (what each paragraph is) -> ``parse_header``
(kind, number, date, title) -> pre-passes that set aside the table of
contents, signatures and annex headers -> ``StructureBuilder`` (the tree).
Nothing here touches the database.
"""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

from django.utils.translation import gettext as _

from .annexes import find_annex_groups
from .blocks import split_blocks
from .decode import decode_bytes, normalise_text
from .header import detect_language, infer_kind, parse_header
from .lines import classify
from .signatures import find_signatures
from .structure import ANNEX_ROLE, StructureBuilder
from .toc import find_toc
from .types import *  # noqa: F403  (re-export whatever types.py defines)
from .types import (
    AnnotationKind,
    LoaderError,
    ParsedAnnotation,
    ParsedDocument,
    ParsedProvision,
    ParsedSection,
    ProvisionKind,
    SectionKind,
)

__all__ = [
    "AnnotationKind",
    "LoaderError",
    "ParsedAnnotation",
    "ParsedDocument",
    "ParsedProvision",
    "ParsedSection",
    "ProvisionKind",
    "SectionKind",
    "decode_bytes",
    "parse_text",
]

_TOC_ROLE = "toc"


def parse_text(text: str, *, language: str | None = None) -> ParsedDocument:
    """Parse an act; raise ``LoaderError`` (a user-facing message) when no structure is found."""
    text = normalise_text(text)
    if not text.strip():
        raise LoaderError(_("The file is empty: expected the text of a legal act."))
    if sum(1 for line in text.split("\n") if line.strip()) < 2:
        raise LoaderError(
            _(
                "The text has only one line: expected a legal act with a title and numbered "
                "points, articles or chapters on separate lines."
            )
        )
    blocks = split_blocks(text)
    lines = [classify(block) for block in blocks]
    header = parse_header(blocks, lines)
    roles: list[str | None] = [None] * len(lines)
    toc = find_toc(blocks, lines, header.body_start)
    if toc is not None:
        for index in range(toc.start, toc.end):
            roles[index] = _TOC_ROLE
    signatures = find_signatures(lines, header.body_start, roles)
    annexes = find_annex_groups(lines, header.body_start, roles)
    for group in annexes:
        for index in range(group.start, group.end + 1):
            roles[index] = ANNEX_ROLE
    first_annex = annexes[0].start if annexes else len(lines)
    kind = infer_kind(header, lines, first_annex)
    builder = StructureBuilder(
        kind=kind,
        lines=lines,
        body_start=header.body_start,
        roles=roles,
        signatures=signatures,
        annexes=annexes,
        toc=toc,
    )
    builder.build()
    document = ParsedDocument(
        kind=kind,
        title=header.title,
        number=header.number,
        adopted_on=header.adopted_on,
        amendment_note=header.amendment_note,
        language=language or detect_language(text),
        sections=builder.sections,
        annotations=header.annotations + builder.annotations,
        signatories=builder.signatories,
        issuer=header.issuer,
    )
    _check_structure(document, recognised=header.recognised or builder.saw_structure)
    return document


def _check_structure(document: ParsedDocument, *, recognised: bool) -> None:
    """Refuse texts that would load as one shapeless blob, saying what was expected."""
    has_provisions = any(section.provisions for section in document.iter_sections())
    if not recognised:
        raise LoaderError(
            _(
                "No structure found in the text: expected a header (e.g. «Закон Республики "
                'Казахстан от … № …» or a title «О …» / «… туралы» / "On …"), headings '
                "(«Статья 1.», «Глава 1.», «1-бап.», «1. …») or numbered points («1.», «1)»)."
            )
        )
    if not has_provisions:
        raise LoaderError(
            _(
                "Only a header was found: expected the text of the act (paragraphs, numbered "
                "points or articles) after the title."
            )
        )
