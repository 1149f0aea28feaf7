"""Legal texts that ship with Civic and are loaded by ``manage.py setup_site``."""

from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class ReferenceText:
    path: Path
    slug: str
    language: str
    source: str


REFERENCE_TEXTS = [
    ReferenceText(
        path=DATA_DIR / "decree-438-concept.en.txt",
        slug="concept-2012",
        language="en",
        source="Presidential Decree No. 438 of 28.11.2012 (as amended 10.09.2019), unofficial English translation",
    ),
]
