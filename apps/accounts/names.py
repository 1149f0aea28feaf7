"""Display names: what others see next to comments, so nothing invisible may hide in them.

Bidi controls (U+202A–U+202E, U+2066–U+2069) can reorder what a reader sees
("Serik (akimat)" written backwards inside an innocent-looking name), and
zero-width characters make two names look alike. The one rule, used by the
sign-up form, the profile form and ``user_update_profile``: whitespace of any
kind becomes one space, control, format, private-use and surrogate characters
go, the text is NFC-normalised and trimmed. Letters of every script stay
(Kazakh "Әлия Нұрланқызы" is unchanged).
"""

from __future__ import annotations

import unicodedata

#: Cc control, Cf format (bidi controls, zero-width space/joiners, BOM, soft hyphen),
#: Co private use, Cs surrogates, Zl/Zp line and paragraph separators.
REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})


def clean_display_name(value: str) -> str:
    """The name as it will be stored and shown; empty if nothing visible was given."""
    # Whitespace first (tab, newline, NBSP, U+2028 ...), so "Aigerim\tSerik" keeps its space.
    text = "".join(
        " " if char.isspace() else char
        for char in value
        if char.isspace() or unicodedata.category(char) not in REMOVED_CATEGORIES
    )
    # After removing, so that "e" + zero-width space + combining acute still composes to "é".
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())
