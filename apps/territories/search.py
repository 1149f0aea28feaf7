"""Matching the names residents type against KATO names, in Kazakh, Russian or Latin letters.

People write «Ақтөбе», «Актобе» or "Aktobe", add or leave out «с.», «ауылы» or «г.», and make typos.
Everything here folds those differences away so that one stored ``search_key`` per territory can be
matched with LIKE / pg_trgm by the database, or ranked in Python by :func:`rank_fuzzy` where
PostgreSQL is not available.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar

from apps.core.transliteration import SEARCH, transliterate

K = TypeVar("K")

# Kazakh letters folded to their Russian look-alikes, ё to е, and the stray letters of the
# classifier's typos (README: «Көлбўлағы», «Ќабырғатал», «Кїшік жал» = Күшік, «Кјркес» = Көркес/Каркес).
_FOLD = str.maketrans(
    {
        "ё": "е",
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ў": "у",
        "ќ": "к",
        # The source's «ї» stands for «ү» («Кїшік жал» = «с.Кушик жал», «Сарыбайїлкен» = «Сарыбайулкен»).
        "ї": "у",
        # The source's «ј» stands for «ә» («Кјркес» = «с.Каркес»).
        "ј": "а",
    }
)

_LETTER = r"[^\W\d_]"
# Dotted abbreviations, after folding: «с.о.», «а.о.», «с.а.», «а.ә.», «п.а.», «к.ә.», «г.а.», «Қ.Ә.», «р.а.»
# (two letters), then single ones: «с.», «а.», «п.», «г.», «к.» (кент), «қ.» (қала), «ст.», «рзд.», «им.», «атын.».
_ABBREVIATIONS = re.compile(
    r"(?<!" + _LETTER + r")(?:[сапгкр]\.\s?[оа](?:\.|(?!" + _LETTER + r"))|(?:рзд|ст|им|атын|[сапгк])\.)"
)
_NON_WORD = re.compile(r"[\W_]+")
# Type words, after folding and punctuation removal; phrases are dropped before single words.
_TYPE_PHRASES = re.compile(
    r"\b(?:ауылдык округи|ауылдык округ|селолык округ|сельский округ|поселковая администрация"
    r"|городская администрация|rural district)\b"
)
_TYPE_WORDS = frozenset(
    {
        "ауылы",
        "аулы",
        "ауыл",
        "село",
        "поселок",
        "кенти",
        "каласы",
        "город",
        "ауданы",
        "район",
        "облысы",
        "область",
        # English words and the Kazakh/Russian ones typed in Latin letters ("Erzhan auyly", "Almaty oblysy").
        "region",
        "oblast",
        "district",
        "city",
        "village",
        "town",
        "auyly",
        "auly",
        "auyl",
        "aul",
        "selo",
        "poselok",
        "kenti",
        "kalasy",
        "gorod",
        "audany",
        "rayon",
        "raion",
        "oblysy",
    }
)
# Abbreviations typed in Latin letters ("g. Almaty", "s.Erzhan").
_LATIN_ABBREVIATIONS = re.compile(r"(?<![a-z])(?:[sapgk]|st|rzd)\.")


def _fold(text: str) -> str:
    return text.lower().translate(_FOLD)


def _clean(text: str) -> list[str]:
    """Words of folded text without abbreviations, punctuation or type words."""
    # Abbreviations go before punctuation: their dots are what tells «с.» from a word.
    text = _LATIN_ABBREVIATIONS.sub(" ", _ABBREVIATIONS.sub(" ", text))
    text = _NON_WORD.sub(" ", text)
    text = _TYPE_PHRASES.sub(" ", text)
    return [word for word in text.split() if word not in _TYPE_WORDS]


def normalize(text: str) -> str:
    """Lower-case, Kazakh letters folded to Russian ones, type words and punctuation dropped."""
    return " ".join(_clean(_fold(text)))


def _strip_accents(text: str) -> str:
    """Drop diacritics of Latin input (Qaraǵandy, Aqtöbe): what is left is a plain English-style spelling."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def to_latin(text: str) -> str:
    """Latin form close to common English spellings: «Шымкент» → shymkent, «Ақтөбе» → aktobe (the ``SEARCH`` scheme)."""
    # Type words are dropped before transliteration and once more after it, for Latin input
    # with diacritics ("Qaraǵandy oblysy").
    latin = _strip_accents(transliterate(normalize(text), SEARCH))
    return " ".join(word for word in latin.split() if word not in _TYPE_WORDS)


def _plain_words(text: str) -> list[str]:
    """Folded words without dropping anything: for names that consist of a type word only."""
    return _NON_WORD.sub(" ", _fold(text)).split()


def search_key(name_kk: str, name_ru: str, name_en: str) -> str:
    """Every searchable form of a unit's names in one string: kk, ru, en and the Latin forms, no word twice."""
    parts: list[str] = []
    for name in (name_kk, name_ru, name_en):
        form = normalize(name)
        # A name made only of type words («Поселок» …) must still be findable by itself.
        parts.append(form if form or not name.strip() else " ".join(_plain_words(name)))
    for name in (name_kk, name_ru, name_en):
        form = to_latin(name)
        parts.append(form if form or not name.strip() else transliterate(" ".join(_plain_words(name)), SEARCH))
    seen: dict[str, None] = {}
    for part in parts:
        for word in part.split():
            seen.setdefault(word, None)
    return " ".join(seen)


def query_forms(query: str) -> list[str]:
    """What to look for in ``search_key``: the normalised query and its Latin form, without repeats."""
    forms: list[str] = []
    for form in (normalize(query), to_latin(query)):
        if form and form not in forms:
            forms.append(form)
    return forms


# Similarity (difflib ratio) from which a word counts as the query with typos: one typo in a 5-letter
# word gives 0.8, two in a 10-letter word 0.8, two in an 8-letter one 0.75. Measured on kato.csv: a
# lower bar (0.7) finds 2 % more doubly mistyped names but twice as many hits for keyboard mashing.
_THRESHOLD = 0.75
# A query that is the beginning of a longer word (someone still typing) scores between the threshold
# and a one-typo match: «Almatі» means Алматы (a typo) more likely than Алматинская (a prefix).
_PREFIX_MIN = 3
_PREFIX_BASE = 0.76
_PREFIX_SPAN = 0.04


@dataclass
class _Form:
    """One query form with what the prefilter and the matcher need, computed once per search."""

    text: str
    size: int  # number of words
    heads: frozenset[str]  # its first two letters: a word starting with neither is not compared
    shortest: int
    longest: int
    matcher: SequenceMatcher

    @classmethod
    def of(cls, text: str) -> _Form:
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(text)  # SequenceMatcher caches what it learns about seq2
        slack = max(2, len(text) // 3)
        return cls(text, len(text.split()), frozenset(text[:2]), len(text) - slack, len(text) + slack, matcher)

    def score(self, unit: str) -> float:
        """Similarity of one word (or run of words) of a key to this form; 0 below the threshold."""
        if unit == self.text:
            return 1.0
        if unit.startswith(self.text) and len(self.text) >= _PREFIX_MIN:
            return _PREFIX_BASE + _PREFIX_SPAN * len(self.text) / len(unit)
        # Cheap tests first: length, then the first two letters (one typo at the start, an extra or a
        # missing first letter, or the first two swapped still pass), then difflib's upper bounds.
        if not self.shortest <= len(unit) <= self.longest:
            return 0.0
        if unit[0] not in self.heads and unit[1:2] not in self.heads:
            return 0.0
        matcher = self.matcher
        matcher.set_seq1(unit)
        if matcher.real_quick_ratio() < _THRESHOLD or matcher.quick_ratio() < _THRESHOLD:
            return 0.0
        ratio = matcher.ratio()
        return ratio if ratio >= _THRESHOLD else 0.0


def _units(words: list[str], size: int) -> list[str]:
    """The key's words (size 1) or runs of ``size`` adjacent words, to compare with a query of as many words."""
    if size == 1:
        return words
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def rank_fuzzy(query: str, candidates: Iterable[tuple[K, str]], limit: int = 20) -> list[K]:
    """Keys of the candidates whose search key best matches ``query``, forgiving one or two typos.

    Pure Python for databases without pg_trgm. Equal scores go to the shorter key first (the name is
    mostly what was typed: «г.Алматы» before «с.Алматинское», whose Kazakh name is also «Алматы»),
    then keep the candidates' order, so a caller that passes cities before villages gets them first.
    """
    forms = [_Form.of(text) for text in query_forms(query)]
    if not forms or limit <= 0:
        return []
    by_size: dict[int, list[_Form]] = {}
    for form in forms:
        by_size.setdefault(form.size, []).append(form)
    # Names repeat words a lot (15,595 names hold about 23,000 distinct words), so each distinct
    # word is scored once; the loop over candidates is then mostly dictionary look-ups.
    cache: dict[str, float] = {}
    scored: list[tuple[float, int, int, K]] = []
    for position, (key, text) in enumerate(candidates):
        words = text.split()
        best = 0.0
        for size, size_forms in by_size.items():
            for unit in _units(words, size):
                score = cache.get(unit)
                if score is None:
                    score = 0.0
                    for form in size_forms:
                        score = max(score, form.score(unit))
                    cache[unit] = score
                if score > best:
                    best = score
        if best > 0.0:
            scored.append((-best, len(words), position, key))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored[:limit]]
