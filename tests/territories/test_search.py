"""Folding the names people type, and the pure-Python fuzzy ranking used without pg_trgm."""

import csv
from pathlib import Path

import pytest

from apps.territories.search import normalize, query_forms, rank_fuzzy, search_key, to_latin
from tests.scaling import assert_grows_linearly


def reference_file(name: str) -> Path:
    """The shipped copy in the app, or the shared data directory it is copied from."""
    for folder in (
        Path(__file__).resolve().parents[2] / "apps" / "territories" / "data",
        Path("/work/shared/data/kato"),
    ):
        if (folder / name).exists():
            return folder / name
    pytest.skip(f"{name} is not available")


@pytest.fixture(scope="module")
def kato() -> dict[str, dict[str, str]]:
    with reference_file("kato.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def keys(kato) -> list[tuple[str, str]]:
    """(code, search_key) of all 15,595 units, ordered as the database layer passes them: by depth, then code."""
    rows = sorted(kato.values(), key=lambda row: (int(row["level"]), row["code"]))
    return [(row["code"], search_key(row["name_kk"], row["name_ru"], row["name_en"])) for row in rows]


# --------------------------------------------------------------------------- normalize / to_latin


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Қонаев", "конаев"),
        ("Конаев", "конаев"),
        ("Ақтөбе", "актобе"),
        ("ӘҒҚҢӨҰҮҺІ әғқңөұүһі Ёлка", "агкноуухи агкноуухи елка"),
        ("с.Ержан", "ержан"),
        ("Ержан ауылы", "ержан"),
        ("  ЕРЖАН  ", "ержан"),
        ("Ержан а.", "ержан"),
        ("г.Шымкент", "шымкент"),
        ("Шымкент қ.", "шымкент"),
        ("Шымкент қаласы", "шымкент"),
        ("город Шымкент", "шымкент"),
        ("Семей Г.А.", "семей"),
        ("Семей Қ.Ә.", "семей"),
        ("Аягоз г.а.", "аягоз"),
        ("Аягөз қ.ә.", "аягоз"),
        ("Қараауыл а.о.", "караауыл"),
        ("Кенгирбайбийский с.о", "кенгирбайбийский"),
        ("Есет а.ә.", "есет"),
        ("п.а.Жибек жолы", "жибек жолы"),
        ("Шаған к.ә.", "шаган"),
        ("п.Чаган", "чаган"),
        ("Поселок ХПП", "хпп"),
        ("посёлок ХПП", "хпп"),
        ("ХПП кенті", "хпп"),
        ("ст.Шу", "шу"),
        ("рзд.Кайрат", "кайрат"),
        ("Есильский сельский округ", "есильский"),
        ("Қараауыл ауылдық округі", "караауыл"),
        ("Абай ауданы", "абай"),
        ("Абайский район", "абайский"),
        ("Абай облысы", "абай"),
        ("область Абай", "абай"),
        ("Abai Region", "abai"),
        ("Almaty city", "almaty"),
        ("Erzhan village", "erzhan"),
        ('с."Ќўрылысшы"', "курылысшы"),
        ("«Ыкылас» шар.қож.", "ыкылас шар кож"),
        ("Усть-Каменогорск", "усть каменогорск"),
        # The classifier's typo letters: ў ќ for ұ қ, ї for ү («Кїшік» = Күшік), ј for ә («Кјркес» = Каркес).
        ("Көлбўлағы а.", "колбулагы"),
        ("Кїшік жал а.", "кушик жал"),
        ("Кјркес а.", "каркес"),
        ("село", ""),
        ("...", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Шымкент", "shymkent"),
        ("Алматы", "almaty"),
        ("Ақтөбе", "aktobe"),
        ("Актобе", "aktobe"),
        ("Караганда", "karaganda"),
        ("Қарағанды облысы", "karagandy"),
        ("Костанай", "kostanay"),
        ("Щучинск", "shchuchinsk"),
        ("Жезказган", "zhezkazgan"),
        ("Уральск", "uralsk"),
        ("Хромтау", "khromtau"),
        ("Усть-Каменогорск", "ust kamenogorsk"),
        ("Экибастуз", "ekibastuz"),
        ("Юбилейное", "yubileynoe"),
        ("Целиноград", "tselinograd"),
        ("Ёлочка", "elochka"),
        ("Подъём", "podem"),
        # Latin input passes through, with the same type words dropped.
        ("Shymkent", "shymkent"),
        ("g. Almaty", "almaty"),
        ("Erzhan auyly", "erzhan"),
        ("Almaty oblysy", "almaty"),
        ("Qostanay", "kostanay"),
        ("Qaraǵandy oblysy", "karagandy"),
        ("Aqtöbe", "aktobe"),
    ],
)
def test_to_latin(text, expected):
    assert to_latin(text) == expected


# --------------------------------------------------------------------------- search_key / query_forms


def test_search_key_holds_every_form_once():
    assert search_key("Шымкент қ.", "г.Шымкент", "Shymkent") == "шымкент shymkent"
    assert search_key("Ақтөбе Қ.Ә.", "Актобе Г.А.", "") == "актобе aktobe"
    assert search_key("Өскемен қ.", "г.Усть-Каменогорск", "") == "оскемен усть каменогорск oskemen ust kamenogorsk"
    assert search_key("Жібек жолы к.", "п.Жибек жолы", "") == "жибек жолы zhibek zholy"
    assert search_key("", "", "") == ""


def test_search_key_of_a_name_made_of_type_words_keeps_them():
    # Dropping «Поселок» would leave nothing to find this unit by.
    assert search_key("Кенті", "Поселок", "") == "кенти поселок kenti poselok"


@pytest.mark.parametrize(
    ("query", "forms"),
    [
        ("Шымкент", ["шымкент", "shymkent"]),
        ("Shymkent", ["shymkent"]),
        ("с.Ержан", ["ержан", "erzhan"]),
        ("Aqtöbe", ["aqtöbe", "aktobe"]),
        ("  ", []),
        ("ауылы", []),
        ("?!", []),
    ],
)
def test_query_forms(query, forms):
    assert query_forms(query) == forms


@pytest.mark.parametrize(
    ("query", "name_kk", "name_ru", "name_en"),
    [
        ("Шымкент", "Шымкент қ.", "г.Шымкент", "Shymkent"),
        ("Shymkent", "Шымкент қ.", "г.Шымкент", "Shymkent"),
        ("shymkent", "Шымкент қ.", "г.Шымкент", ""),
        ("Ақтөбе", "Ақтөбе Қ.Ә.", "Актобе Г.А.", ""),
        ("Актобе", "Ақтөбе Қ.Ә.", "Актобе Г.А.", ""),
        ("Aktobe", "Ақтөбе Қ.Ә.", "Актобе Г.А.", ""),
        ("Almaty", "Алматы қ.", "г.Алматы", ""),
        ("Конаев", "Қонаев қ.", "г.Қонаев", ""),
        ("Қонаев", "Конаев қ.", "г.Конаев", ""),
        ("с.Ержан", "Ержан а.", "с.Ержан", ""),
        ("Ержан ауылы", "Ержан а.", "с.Ержан", ""),
        ("Ержан", "Ержан а.", "с.Ержан", ""),
        ("Жибек жолы", "Жібек жолы к.", "п.Жибек жолы", ""),
        ("Karaganda", "Қарағанды қ.", "г.Караганда", ""),
    ],
)
def test_query_forms_are_found_in_the_key_as_the_database_does(query, name_kk, name_ru, name_en):
    """The database matches with LIKE '%form%': some form of the query must be a substring of the key."""
    key = search_key(name_kk, name_ru, name_en)
    assert any(form in key for form in query_forms(query)), (query_forms(query), key)


# --------------------------------------------------------------------------- rank_fuzzy


SMALL = [
    ("shymkent", search_key("Шымкент қ.", "г.Шымкент", "Shymkent")),
    ("almaty", search_key("Алматы қ.", "г.Алматы", "Almaty")),
    ("erzhan", search_key("Ержан а.", "с.Ержан", "")),
    ("erzhanuly", search_key("Қылышбай Ержанұлы атын.а.", "с.им.Кылышбай Ержанулы", "")),
    ("aktobe", search_key("Ақтөбе қ.", "г.Актобе", "")),
    ("zhibek", search_key("Жібек жолы а.", "с.Жибек жолы", "")),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ержна", "erzhan"),  # two letters swapped
        ("Ержан", "erzhan"),
        ("Шымкнт", "shymkent"),  # a letter missing
        ("Шимкент", "shymkent"),  # a wrong letter
        ("Shymkient", "shymkent"),  # an extra letter, in Latin
        ("Almatі", "almaty"),  # Kazakh «і» typed in a Latin word
        ("Алмата", "almaty"),
        ("Aktobee", "aktobe"),
        ("жибек жолв", "zhibek"),  # two words, a typo in the second
    ],
)
def test_rank_fuzzy_forgives_typos(query, expected):
    assert rank_fuzzy(query, SMALL)[0] == expected


@pytest.mark.parametrize("query", ["qwerty", "zzxq", "хщфцч", "абвгдеж", "lorem ipsum", "", "с.", "12345"])
def test_rank_fuzzy_finds_nothing_for_nonsense(query):
    assert rank_fuzzy(query, SMALL) == []


def test_rank_fuzzy_ranks_exact_before_typo_before_prefix_and_respects_limit():
    candidates = [
        ("prefix", search_key("Ержанбек а.", "с.Ержанбек", "")),
        ("typo", search_key("Ержна а.", "с.Ержна", "")),
        ("long", search_key("Ержан Ержанбек а.", "с.Ержан Ержанбек", "")),
        ("exact", search_key("Ержан а.", "с.Ержан", "")),
        ("other", search_key("Шымкент қ.", "г.Шымкент", "")),
    ]

    assert rank_fuzzy("Ержан", candidates) == ["exact", "long", "typo", "prefix"]
    assert rank_fuzzy("Ержан", candidates, limit=2) == ["exact", "long"]
    assert rank_fuzzy("Ержан", candidates, limit=0) == []
    assert rank_fuzzy("Ержан", iter(candidates), limit=1) == ["exact"]  # any iterable, read once


def test_rank_fuzzy_keeps_the_callers_order_for_equal_matches():
    candidates = [(3, "ержан erzhan"), (1, "ержан erzhan"), (2, "ержан erzhan")]

    assert rank_fuzzy("Ержан", candidates) == [3, 1, 2]


@pytest.mark.parametrize(
    ("query", "expected_code"),
    [
        ("Шымкнт", "790000000"),
        ("Shymkent", "790000000"),
        ("Almatі", "750000000"),
        ("Алмати", "750000000"),
        ("Aktobe", "151000000"),
        ("Karaganda", "351000000"),
        ("Qostanay", "391000000"),
        ("Оскемен", "631000000"),
        ("Петропавловск", "591000000"),
    ],
)
def test_rank_fuzzy_on_the_whole_classifier_finds_the_city(keys, query, expected_code):
    ranked = rank_fuzzy(query, keys, limit=10)

    assert expected_code in ranked[:3], ranked


def test_rank_fuzzy_on_the_whole_classifier_finds_every_yerzhan(keys, kato):
    ranked = rank_fuzzy("Ержна", keys, limit=20)

    erzhans = sorted(code for code, row in kato.items() if normalize(row["name_ru"]) == "ержан")
    assert len(erzhans) >= 2  # README: «several с.Ержан in one rural district»
    assert sorted(ranked[: len(erzhans)]) == erzhans


def test_rank_fuzzy_on_the_whole_classifier_is_quiet_for_nonsense(keys):
    for query in ["qwertyuiop", "йцукенгшщз", "фывапролдж", "zxcvbnm", "хщфцч", "lorem ipsum"]:
        assert rank_fuzzy(query, keys) == [], query


def test_rank_fuzzy_grows_linearly_with_the_classifier(keys):
    """Typo-tolerant ranking scans the keys once per query (its speed: ``make bench``)."""
    assert len(keys) == 15595
    quarter = keys[: len(keys) // 4]
    for query in ["Ержна", "Шымкнт", "Almatі", "жибек жолв"]:
        assert_grows_linearly(lambda q=query: rank_fuzzy(q, quarter), lambda q=query: rank_fuzzy(q, keys), factor=4)
