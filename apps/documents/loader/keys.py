"""Key fragments: printed numbers and letters -> ``[a-z0-9.-]``.

Keys go into URLs and must survive re-imports of a corrected text, so they
are built from printed labels only (``39-3``, ``А-2/45``, ``б``), transliterated
to ASCII by the frozen ``PERMALINK`` scheme of ``apps.core.transliteration``: it
must never change, or stored keys and the URLs people saved would stop matching.
"""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import re

from apps.core.transliteration import PERMALINK, transliterate

_NOT_KEY_RE = re.compile(r"[^a-z0-9.-]+")
_DASHES_RE = re.compile(r"-{2,}")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def slug(label: str) -> str:
    """A printed label as a key fragment: ``"39-3"`` -> ``"39-3"``, ``"А-2/45"`` -> ``"a-2-45"``."""
    text = transliterate(label, PERMALINK)
    text = _DASHES_RE.sub("-", _NOT_KEY_RE.sub("-", text))
    return text.strip("-.")


def roman_to_int(value: str) -> int | None:
    """``"XIV"`` -> 14; None when it is not a Roman numeral (so numbering can compare it)."""
    total = 0
    previous = 0
    for char in reversed(value.upper()):
        digit = _ROMAN.get(char)
        if digit is None:
            return None
        total = total - digit if digit < previous else total + digit
        previous = max(previous, digit)
    return total or None


def number_value(label: str) -> int | None:
    """The integer of a heading number (``"3"``, ``"III"``), to compare; None for ``"3-1"``."""
    if label.isdigit():
        return int(label)
    return roman_to_int(label)


class KeyRegistry:
    """Hands out document-unique keys; a repeated key gets ``-2``, ``-3`` in document order."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, key: str) -> str:
        key = key.strip(".-") or "x"
        if not KEY_RE.match(key):
            key = "x" + key
        candidate = key
        counter = 2
        while candidate in self._used:
            candidate = f"{key}-{counter}"
            counter += 1
        self._used.add(candidate)
        return candidate
