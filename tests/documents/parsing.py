"""Helpers shared by the parser tests: sample files and tree look-ups."""

from pathlib import Path

from apps.documents.loader import ParsedDocument, ParsedSection, decode_bytes, parse_text

SAMPLES = Path(__file__).parent / "samples"


def load_sample(name: str) -> ParsedDocument:
    return parse_text(decode_bytes((SAMPLES / name).read_bytes()))


def section(document: ParsedDocument, key: str) -> ParsedSection:
    """The one section with ``key``; the failure message lists the keys there are."""
    found = [s for s in document.iter_sections() if s.key == key]
    assert len(found) == 1, f"{key}: {[s.key for s in document.iter_sections()]}"
    return found[0]
