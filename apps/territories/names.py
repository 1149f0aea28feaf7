"""How territory names are shown: the classifier's abbreviations spelled out, Latin names on English pages.

KATO writes names as clerks abbreviate them: «с.Акбулак», «Акбулакский с.о.», «с.о.Акбулак»,
«Ақбұлақ а.о.», «Семей Г.А.», «Рахмет Тоғысбаев атын.а.». The stored names stay exactly as in the
classifier (they are reference data, and search and imports compare them); :func:`display_name` is
the one place that turns them into what a resident reads:

* Russian: the common prefixes keep their short form with a space («с. Акбулак», «п. Чаган»,
  «г. Семей», «ст. Акбулак», «рзд. 18 км»); the administrative units are spelled out
  («Акбулакский сельский округ», «Чаганская поселковая администрация», «городская администрация
  Семей»). A noun form («с.о.Акбулак») gets its adjective when :func:`russian_adjective` can derive
  it reliably, and reads «сельский округ Акмол» otherwise.
* Kazakh: suffixes spelled out with the possessive ending («Ақбұлақ ауылы», «Ақбұлақ ауылдық
  округі», «Семей қаласы»), or the bare word after «атындағы» («Қанай би атындағы ауылдық округ»).
* English: ``name_en`` when the classifier has one (regions and the three cities); otherwise the
  Kazakh name (Russian when there is none) romanised by :func:`apps.core.transliteration.romanize`
  with an English type word: "Akbulak rural district", "Akbulak village", "Semey".

Everything works on the names alone (no ``kind``): pages that load only a territory's names (the
proposal list does) show the same thing as the territory page, without another query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from apps.core.transliteration import NAMES, romanize

__all__ = ["ParsedName", "display_name", "format_en", "format_kk", "format_ru", "russian_adjective"]

# Unit types, as the parsers below recognise them in the names.
VILLAGE = "village"
RURAL_DISTRICT = "rural_district"
RURAL_ADMINISTRATION = "rural_administration"
SETTLEMENT = "settlement"
SETTLEMENT_ADMINISTRATION = "settlement_administration"
CITY = "city"
CITY_ADMINISTRATION = "city_administration"
DISTRICT_ADMINISTRATION = "district_administration"
DISTRICT = "district"
REGION = "region"
STATION = "station"
SIDING = "siding"
SECTION = "section"
FARM = "farm"


@dataclass(frozen=True)
class ParsedName:
    """A name split into its proper part (``core``), the unit type its abbreviation gave, and how."""

    core: str
    type: str | None = None
    named_after: bool = False  # «им.», «имени», «атын.», «ат.», «атындағы»
    prefix: bool = False  # the type came before the name («с.о.Акбулак»), not after («Акбулакский с.о.»)
    abbreviation: str = ""  # as written: «с.о.», «рзд.»


def _clean(text: str) -> str:
    return " ".join(text.split())


# A lower-case abbreviation glued to the next word, a number or a quote: «им.Казыбек», «уч.Талды», «рзд.18 км».
_GLUED = re.compile(r"(?<![^\W\d_])([а-яёәғқңөұүһі]{1,6})\.(?=[А-ЯЁӘҒҚҢӨҰҮҺІ0-9«\"])")


def _space_abbreviations(text: str) -> str:
    return _GLUED.sub(r"\1. ", text)


# ---------------------------------------------------------------------------
# Russian
# ---------------------------------------------------------------------------

_RU_NAMED = r"(?P<named>(?:им\.|имени)\s*)?"
# Longest first: «с.о.» before «с.».
_RU_PREFIXES = [
    (r"с\.\s?о\.", RURAL_DISTRICT),
    (r"с\.\s?а\.", RURAL_ADMINISTRATION),
    (r"п\.\s?а\.", SETTLEMENT_ADMINISTRATION),
    (r"г\.\s?а\.", CITY_ADMINISTRATION),
    (r"р\.\s?а\.", DISTRICT_ADMINISTRATION),
    (r"кр\.\s?хоз\.?", FARM),
    (r"рзд\.", SIDING),
    (r"ст\.", STATION),
    (r"уч\.", SECTION),
    (r"с\.", VILLAGE),
    (r"п\.", SETTLEMENT),
    (r"г\.", CITY),
    (r"сельский округ\s", RURAL_DISTRICT),
]


def _alternatives(table: list[tuple[str, str]]) -> str:
    return "|".join(f"(?:{pattern})" for pattern, _type in table)


_RU_PREFIX = re.compile(rf"^(?P<abbr>{_alternatives(_RU_PREFIXES)})\s*{_RU_NAMED}(?P<core>.+)$")
_RU_SUFFIXES = [
    (r"с\.\s?о\.?", RURAL_DISTRICT),
    (r"с\.\s?а\.?", RURAL_ADMINISTRATION),
    (r"п\.\s?а\.?", SETTLEMENT_ADMINISTRATION),
    (r"[гГ]\.\s?[аА]\.?", CITY_ADMINISTRATION),
    (r"р\.\s?а\.?", DISTRICT_ADMINISTRATION),
    (r"сельский округ", RURAL_DISTRICT),
    (r"сельская администрация", RURAL_ADMINISTRATION),
    (r"поселковая администрация", SETTLEMENT_ADMINISTRATION),
    (r"городская администрация", CITY_ADMINISTRATION),
]
_RU_SUFFIX = re.compile(rf"^(?P<core>.+?)\s+(?P<abbr>{_alternatives(_RU_SUFFIXES)})\s*\.?$")
_RU_LEADING_NAMED = re.compile(r"^(?:им\.|имени)\s*(?P<core>.+)$")


def _type_of(abbr: str, table: list[tuple[str, str]]) -> str:
    for pattern, kind in table:
        if re.fullmatch(pattern, abbr.strip()) or re.fullmatch(pattern, abbr):
            return kind
    raise AssertionError(abbr)  # pragma: no cover - the regex only matches what the table lists


def parse_ru(name: str) -> ParsedName:
    name = _clean(name)
    if match := _RU_PREFIX.match(name):
        return ParsedName(
            core=match["core"].strip(),
            type=_type_of(match["abbr"], _RU_PREFIXES),
            named_after=bool(match["named"]),
            prefix=True,
            abbreviation=match["abbr"].strip(),
        )
    if match := _RU_SUFFIX.match(name):
        core = match["core"].strip()
        named = _RU_LEADING_NAMED.match(core)
        return ParsedName(
            core=named["core"] if named else core,
            type=_type_of(match["abbr"], _RU_SUFFIXES),
            named_after=bool(named),
            abbreviation=match["abbr"],
        )
    return ParsedName(core=name)


_RU_NOUN = re.compile(r"^[А-ЯЁ][а-яё]{2,}$")
_RU_ADJECTIVE = re.compile(r"(?:[ыио]й|[ая]я|[ое]е)$")


def russian_adjective(noun: str, *, feminine: bool = False) -> str | None:
    """The adjective Russian forms from a one-word place name («Акбулак» → «Акбулакский»), or None.

    The rules are those the classifier itself follows for the 1,268 rural districts named after
    their central village (``tests/territories/test_names.py`` checks that they agree with it for
    more than nine in ten): a consonant, «-у» and «-й» take «-ский» (Акбулак, Баршатас, Медеу,
    Кокбай), final «-а» and «-ы» become «-инский» (Жарма, Аршалы → Аршалинский), «-и» takes
    «-нский» (Акшаули), «-ка», «-ово», «-ское» and «-ск» make «-ский» (Покровка, Валиханово,
    Новобратское, Лепсинск). Anything less regular gives None and the caller keeps the noun
    («сельский округ Дон»): names of several words or with Kazakh letters, genitives of surnames
    («Шаменова»), adjectives of another kind («Изобильный»), words ending in «-л» (the classifier
    writes both «Акжальский» and «Сарыжалский»), «-е», «-о», «-я», «-ч», «-ц».
    """
    if not _RU_NOUN.match(noun):
        return None
    word = noun
    if word.endswith("ское"):
        adjective = word[:-2] + "ий"
    elif word.endswith(("ский", "цкий")):
        adjective = word
    elif _RU_ADJECTIVE.search(word):
        return None  # «Изобильный», «Степное»: adjectives that are not of the «-ский» kind
    elif word.endswith(("ск", "цк")):
        adjective = word + "ий"
    elif word.endswith("арка"):
        adjective = word[:-1] + "инский"  # Сарыарка → Сарыаркинский
    elif word.endswith("ка"):
        adjective = word[:-2] + "ский"  # Покровка → Покровский, Каменка → Каменский
    elif word.endswith(("ово", "ево", "ино")):
        adjective = word[:-1] + "ский"
    elif word.endswith(("ова", "ева", "ина", "ына", "ого", "его")):
        return None  # a genitive: «Шаменова» is «named after Shamenov», no adjective
    elif word.endswith(("а", "ы")):
        adjective = word[:-1] + "инский"
    elif word.endswith("и"):
        adjective = word + "нский"
    elif word.endswith(("у", "й", "ль")):
        adjective = word + "ский"
    elif word.endswith("нь"):
        adjective = word[:-1] + "ский"
    elif word[-1] in "бвгджзкмнпрстфхш":
        adjective = word + "ский"
    else:
        return None
    return adjective[:-2] + "ая" if feminine else adjective


# Russian spelling of each type: (the phrase, feminine?, may an adjective be derived?).
_RU_PHRASES = {
    RURAL_DISTRICT: ("сельский округ", False, True),
    RURAL_ADMINISTRATION: ("сельская администрация", True, True),
    SETTLEMENT_ADMINISTRATION: ("поселковая администрация", True, True),
    # City names make irregular adjectives (Актобе → актюбинский, Уральск → уральский): none derived.
    CITY_ADMINISTRATION: ("городская администрация", True, False),
    DISTRICT_ADMINISTRATION: ("районная администрация", True, False),
}
_RU_SHORT = {VILLAGE: "с.", SETTLEMENT: "п.", CITY: "г.", STATION: "ст.", SIDING: "рзд.", SECTION: "уч."}
_FEMININE_ADJECTIVE = re.compile(r"(?:ая|яя)$")
_MASCULINE_ADJECTIVE = re.compile(r"(?:ий|ый|ой)$")


def _ru_unit(parsed: ParsedName) -> str:
    phrase, feminine, derive = _RU_PHRASES[parsed.type]
    core = _space_abbreviations(parsed.core)
    if parsed.named_after:
        return f"{phrase} им. {core}"
    last = core.split()[-1]
    agrees = _FEMININE_ADJECTIVE if feminine else _MASCULINE_ADJECTIVE
    if not parsed.prefix and agrees.search(last):
        return f"{core} {phrase}"  # «Карааульский с.о.»: the classifier gave the adjective
    adjective = russian_adjective(core, feminine=feminine) if derive else None
    if adjective:
        return f"{adjective} {phrase}"
    return f"{phrase} {core}"


def format_ru(name: str) -> str:
    """«с.Акбулак» → «с. Акбулак», «Акбулакский с.о.» and «с.о.Акбулак» → «Акбулакский сельский округ»."""
    parsed = parse_ru(name)
    if parsed.type in _RU_PHRASES:
        return _ru_unit(parsed)
    core = _space_abbreviations(parsed.core)
    if parsed.type in _RU_SHORT:
        return f"{_RU_SHORT[parsed.type]} {'им. ' if parsed.named_after else ''}{core}"
    if parsed.type == FARM:
        return f"крестьянское хозяйство {core}"
    return core


# ---------------------------------------------------------------------------
# Kazakh
# ---------------------------------------------------------------------------

_KK_SUFFIXES = [
    (r"а\.\s?о\.?\s*\.?", RURAL_DISTRICT),
    (r"ауылдық округі|ауылдық округ", RURAL_DISTRICT),
    (r"а\.\s?ә\.?", RURAL_ADMINISTRATION),
    (r"к\.\s?ә\.?", SETTLEMENT_ADMINISTRATION),
    (r"[қҚ]\.\s?[әӘ]\.?", CITY_ADMINISTRATION),
    (r"шар\.\s?қож\.?|шарқож", FARM),
    (r"рзд\.", SIDING),
    (r"ст\.", STATION),
    (r"уч\.", SECTION),
    (r"а\.|ауылы|ауыл", VILLAGE),
    (r"с\.", VILLAGE),
    (r"к\.|кенті", SETTLEMENT),
    # «ќ.» is a source typo for «қ.» («Форт-Шевченко ќ.»).
    (r"[қќ]\.|қаласы", CITY),
    (r"ауданы", DISTRICT),
    (r"облысы", REGION),
]
_KK_SUFFIX = re.compile(
    rf"^(?P<core>.+?)(?:\s+|(?<=\.))(?P<named>(?:атын\.|ат\.|атындағы)\s*)?(?P<abbr>{_alternatives(_KK_SUFFIXES)})\s*$"
)
_KK_PREFIX = re.compile(r"^(?P<abbr>рзд\.|ст\.)\s*(?P<core>.+)$")
# The word «ауыл» alone is a type only after «атындағы» (else it is part of a name: «Жаңа ауыл»).
_KK_BARE_VILLAGE = re.compile(r"^ауыл$")

# Kazakh spelling of each type: (after a name, with the possessive ending; after «атындағы», bare).
_KK_WORDS = {
    VILLAGE: ("ауылы", "ауыл"),
    RURAL_DISTRICT: ("ауылдық округі", "ауылдық округ"),
    RURAL_ADMINISTRATION: ("ауылдық әкімшілігі", "ауылдық әкімшілік"),
    SETTLEMENT: ("кенті", "кент"),
    SETTLEMENT_ADMINISTRATION: ("кенттік әкімшілігі", "кенттік әкімшілік"),
    CITY: ("қаласы", "қала"),
    CITY_ADMINISTRATION: ("қалалық әкімшілігі", "қалалық әкімшілік"),
    DISTRICT_ADMINISTRATION: ("аудандық әкімшілігі", "аудандық әкімшілік"),
    DISTRICT: ("ауданы", "аудан"),
    REGION: ("облысы", "облыс"),
    STATION: ("станциясы", "станция"),
    SIDING: ("разъезі", "разъезд"),
    SECTION: ("учаскесі", "учаске"),
    FARM: ("шаруа қожалығы", "шаруа қожалығы"),
}


def parse_kk(name: str, *, name_ru: str = "") -> ParsedName:
    """``name_ru`` settles «а.ә.»: a rural administration, or a city's district one when Russian says «р.а.»."""
    name = _clean(name)
    match = _KK_SUFFIX.match(name)
    if match and not (_KK_BARE_VILLAGE.match(match["abbr"]) and not match["named"]):
        kind = _type_of(match["abbr"], _KK_SUFFIXES)
        if kind == RURAL_ADMINISTRATION and parse_ru(name_ru).type == DISTRICT_ADMINISTRATION:
            kind = DISTRICT_ADMINISTRATION
        return ParsedName(
            core=match["core"].strip(), type=kind, named_after=bool(match["named"]), abbreviation=match["abbr"]
        )
    if match := _KK_PREFIX.match(name):
        return ParsedName(
            core=match["core"].strip(),
            type=_type_of(match["abbr"], _KK_SUFFIXES),
            prefix=True,
            abbreviation=match["abbr"],
        )
    return ParsedName(core=name)


def format_kk(name: str, *, name_ru: str = "") -> str:
    """«Ақбұлақ а.о.» → «Ақбұлақ ауылдық округі», «Ақбұлақ а.» → «Ақбұлақ ауылы»."""
    parsed = parse_kk(name, name_ru=name_ru)
    core = _space_abbreviations(parsed.core)
    if parsed.type is None:
        return core
    possessive, bare = _KK_WORDS[parsed.type]
    if parsed.prefix and core[:1].isdigit():
        return f"{parsed.abbreviation} {core}"  # «рзд. 41», not «41 разъезі»
    if parsed.named_after:
        return f"{core} атындағы {bare}"
    return f"{core} {possessive}"


# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

_EN_WORDS = {
    VILLAGE: "village",
    RURAL_DISTRICT: "rural district",
    RURAL_ADMINISTRATION: "rural administration",
    SETTLEMENT: "settlement",
    SETTLEMENT_ADMINISTRATION: "settlement administration",
    CITY: "",  # "Semey", not "Semey city"
    CITY_ADMINISTRATION: "city administration",
    DISTRICT_ADMINISTRATION: "district administration",
    DISTRICT: "district",
    REGION: "region",
    STATION: "station",
    SIDING: "siding",
    FARM: "farm",
}


def format_en(name_kk: str, name_ru: str = "") -> str:
    """A Latin name from the Kazakh one (the Russian one without it): «Ақбұлақ а.о.» → "Akbulak rural district"."""
    parsed = parse_kk(name_kk, name_ru=name_ru) if name_kk.strip() else parse_ru(name_ru)
    core = romanize(_space_abbreviations(parsed.core), NAMES)
    if parsed.type is None:
        return core
    # A type without a usual English word is romanised from Kazakh: "Arap uchaskesi".
    word = _EN_WORDS.get(parsed.type) if parsed.type in _EN_WORDS else romanize(_KK_WORDS[parsed.type][0], NAMES)
    if not word:
        return core
    if core[:1].isdigit():
        return f"{word.capitalize()} {core}"  # "Siding 41"
    return f"{core} {word}"


# ---------------------------------------------------------------------------
# The one entry point
# ---------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def display_name(name_kk: str, name_ru: str, name_en: str, language: str) -> str:
    """The name a page in ``language`` shows; the other official language when the unit has no name in it.

    Kazakh and Russian pages fall back to each other (then to the English name); English pages show
    ``name_en`` or a romanised name, never Cyrillic. Empty when the unit has no name at all.
    """
    if language == "en":
        if name_en.strip():
            return _clean(name_en)
        return format_en(name_kk, name_ru) if (name_kk.strip() or name_ru.strip()) else ""
    formatters = [("kk", name_kk), ("ru", name_ru)]
    if language == "ru":
        formatters.reverse()
    for code, value in formatters:
        if value.strip():
            return format_kk(value, name_ru=name_ru) if code == "kk" else format_ru(value)
    return _clean(name_en)
