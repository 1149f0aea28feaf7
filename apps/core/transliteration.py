"""Kazakh and Russian Cyrillic -> Latin letters: one base table, two named schemes.

Civic writes Cyrillic in Latin letters for two different purposes, and each has its own scheme:

``PERMALINK`` — key fragments of legal provisions (``apps/documents/loader/keys.py``):
    ``"А-2/45"`` -> ``"a-2-45"``, ``"б"`` -> ``"b"``. The keys are stored as ``Section.key`` and
    ``Provision.key`` and go into URLs that people bookmark, cite and link to. They must never
    change, even if a better romanisation is adopted one day: a changed letter would silently move
    every permalink that contains it. The scheme is frozen as the loader first shipped it;
    ``tests/documents/test_permalink_transliteration.py`` compares it with a copy of that table over
    every Cyrillic letter and every key the loader makes for the sample acts. Never edit it — add
    a new scheme instead.

``SEARCH`` — Latin forms of territory names (``apps/territories/search.py``): «Шымкент» ->
    ``shymkent``, «Ақтөбе» -> ``aktobe``, ``Qostanay`` -> ``kostanay``. They only feed the derived
    ``Territory.search_key``, which ``load_territories`` recomputes on every import, so this scheme
    may evolve to match how people type: change it, re-import the classifier, and update the
    reference table in ``tests/territories/test_search_transliteration.py`` on purpose.

Both schemes start from ``BASE``, the 42 letters of the Kazakh Cyrillic alphabet (the 33 Russian
letters and Ә Ғ Қ Ң Ө Ұ Ү Һ І), and list only where they differ from it:

* Russian letters follow BGN/PCGN (1947) in its plain ASCII form, as in most English spellings
  of place names: no diacritics (ё -> e, not ë), е always e (never ye), ъ and ь dropped rather
  than written as ʺ and ʹ; otherwise й -> y, х -> kh, ц -> ts, щ -> shch, ы -> y, ю -> yu, я -> ya.
* Kazakh letters follow the Kazakh Latin alphabet (Decree No. 569 of 26 October 2017 and its 2018
  and 2021 revisions, which agree on these) with diacritics and apostrophes dropped:
  қ -> q, һ -> h, ә -> a, ғ -> g, ң -> n, ө -> o, ұ -> u, ү -> u, і -> i.

``PERMALINK`` deviates from the base in three Russian letters, and so follows no single standard:
й -> i (as ICAO Doc 9303, the passport romanisation), х -> h (as the Kazakh Latin alphabet writes
х and һ; no Russian standard does) and щ -> sch (German-style; BGN/PCGN and ICAO write shch).

``SEARCH`` deviates in two Kazakh letters, read as their Russian look-alikes the way established
English spellings of Kazakh place names do (Aktobe, Karaganda, Kyzylorda rather than Aqtobe,
Qaraghandy, Qyzylorda): қ -> k and һ -> kh. ``apps/territories/search.py`` folds Kazakh letters
into Russian ones before transliterating, and the scheme spells them the same way, so the result
does not depend on that folding. It also maps Latin letters that people type, from the Kazakh
Latin alphabets or Turkish-style spelling, to those English spellings: q -> k, ş -> sh, ç -> ch,
and ı (Turkish dotless i, read as ы) -> y.

``NAMES`` — territory names shown on English pages where the classifier has no English name
    (``apps/territories/names.py``): «Ақбұлақ» -> ``Akbulak``, «Зеренді» -> ``Zerendi``. It spells
    Cyrillic letters as ``SEARCH`` does (the familiar English spellings), with no additions for
    Latin input (Latin letters in a name stay as they are), and reads the classifier's stray
    letters as the ones they stand for (ў -> u, ќ -> k, ї -> u, ј -> a, as
    ``apps/territories/search.py`` folds them). Nothing is stored in it, so it may change freely.
    :func:`romanize` applies it keeping capitals: «МТФ» -> ``MTF``, «Шымкент» -> ``Shymkent``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["BASE", "NAMES", "PERMALINK", "SEARCH", "Scheme", "romanize", "transliterate"]

# Lower-case letters only: transliterate() lower-cases the text first.
BASE: Mapping[str, str] = MappingProxyType(
    {
        # Russian
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        # Kazakh
        "ә": "a",
        "ғ": "g",
        "қ": "q",
        "ң": "n",
        "ө": "o",
        "ұ": "u",
        "ү": "u",
        "һ": "h",
        "і": "i",
    }
)


@dataclass(frozen=True)
class Scheme:
    """A named transliteration: ``letters`` maps lower-case characters to their Latin spelling."""

    name: str
    letters: Mapping[str, str]
    _table: dict[int, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_table", str.maketrans(dict(self.letters)))

    @classmethod
    def from_base(cls, name: str, *, changes: Mapping[str, str], additions: Mapping[str, str] | None = None) -> Scheme:
        """``BASE`` with ``changes`` to some of its letters and ``additions`` of other characters."""
        additions = additions or {}
        if unknown := sorted(changes.keys() - BASE.keys()):
            raise ValueError(f"{name}: changes to letters that are not in BASE: {unknown}")
        if known := sorted(additions.keys() & BASE.keys()):
            raise ValueError(f"{name}: additions of letters that are in BASE (list them as changes): {known}")
        return cls(name, MappingProxyType({**BASE, **changes, **additions}))


# Frozen: permalinks depend on every entry. See the module docstring before touching it.
PERMALINK = Scheme.from_base(
    "permalink",
    changes={
        "й": "i",
        "х": "h",
        "щ": "sch",
    },
)

SEARCH = Scheme.from_base(
    "search",
    changes={
        "қ": "k",
        "һ": "kh",
    },
    additions={
        "q": "k",
        "ş": "sh",
        "ç": "ch",
        "ı": "y",
    },
)


NAMES = Scheme.from_base(
    "names",
    changes={
        "қ": "k",
        "һ": "kh",
    },
    additions={
        "ў": "u",
        "ќ": "k",
        "ї": "u",
        "ј": "a",
    },
)


def transliterate(text: str, scheme: Scheme) -> str:
    """``text`` lower-cased, with the letters ``scheme`` knows spelled in Latin; anything else is kept.

    ``transliterate("А-2/45", PERMALINK)`` -> ``"a-2/45"``; ``transliterate("Ақтөбе", SEARCH)`` -> ``"aktobe"``.
    """
    return text.lower().translate(scheme._table)


def romanize(text: str, scheme: Scheme) -> str:
    """``text`` with the letters ``scheme`` knows spelled in Latin, keeping capitals; anything else is kept.

    A capital letter gives a capitalised spelling («Шымкент» -> ``Shymkent``), or an upper-case one
    inside a word in capitals («МТФ» -> ``MTF``, «ЖШС» -> ``ZHSHS``).
    """
    letters = scheme.letters
    out: list[str] = []
    for index, char in enumerate(text):
        lower = char.lower()
        spelled = letters.get(lower)
        if spelled is None:
            out.append(char)
        elif char == lower:
            out.append(spelled)
        else:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            in_capitals = (before.isalpha() and before.isupper()) or (after.isalpha() and after.isupper())
            out.append(spelled.upper() if in_capitals else spelled.capitalize())
    return "".join(out)
