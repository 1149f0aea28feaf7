"""How territory names are shown: the classifier's abbreviations spelled out in Russian and Kazakh, Latin in English."""

import csv
import re
from collections import defaultdict

import pytest
from django.utils import translation

from apps.core.transliteration import NAMES, romanize
from apps.territories.models import Territory
from apps.territories.names import display_name, format_en, format_kk, format_ru, russian_adjective
from apps.territories.reference import KATO_CSV

# -- Russian -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Localities keep their usual short form, with a space.
        ("с.Акбулак", "с. Акбулак"),
        ("с. Тажен", "с. Тажен"),
        ("п.Чаган", "п. Чаган"),
        ("г.Семей", "г. Семей"),
        ("ст.Акбулак", "ст. Акбулак"),
        ("рзд.18 км", "рзд. 18 км"),
        ("уч.Талды", "уч. Талды"),
        ("с.им.Рахмет Тогысбаева", "с. им. Рахмет Тогысбаева"),
        ("с. им.Актан батыра", "с. им. Актан батыра"),
        ("с.Т.Рыскулова", "с. Т.Рыскулова"),  # an initial is not an abbreviation
        # Rural districts: the classifier's adjective, the dot missing or not.
        ("Акбулакский с.о.", "Акбулакский сельский округ"),
        ("Кенгирбайбийский с.о", "Кенгирбайбийский сельский округ"),
        ("Т.Рыскуловский с.о.", "Т.Рыскуловский сельский округ"),
        ("Степной с.о.", "Степной сельский округ"),
        # ... or the noun, made an adjective where the rules are regular.
        ("с.о.Акбулак", "Акбулакский сельский округ"),
        ("Акбулак с.о.", "Акбулакский сельский округ"),
        ("Нурлыкент с.о.", "Нурлыкентский сельский округ"),
        ("с.о. Бастау", "Бастауский сельский округ"),
        ("с.о.Турген", "Тургенский сельский округ"),
        ("Иассы с.о.", "Иассинский сельский округ"),
        ("сельский округ Акбулак", "Акбулакский сельский округ"),
        # ... and kept as a noun where they are not.
        ("с.о.Елтоқ", "сельский округ Елтоқ"),  # a Kazakh letter
        ("с.о. Жибек жолы", "сельский округ Жибек жолы"),  # several words
        ("Шаменова с.о", "сельский округ Шаменова"),  # a genitive
        ("с.о.Акана Курманова", "сельский округ Акана Курманова"),
        ("Б.Момышулы с.о.", "сельский округ Б.Момышулы"),
        ("с.о.им.Койгельды Аухадиева", "сельский округ им. Койгельды Аухадиева"),
        ("им.Бухарбай батыра с.о.", "сельский округ им. Бухарбай батыра"),
        # Rural, settlement, city and district administrations.
        ("Карабулакская с.а.", "Карабулакская сельская администрация"),
        ("с.а. Каменка", "Каменская сельская администрация"),
        ("с.а. Новосельское", "Новосельская сельская администрация"),
        ("с.а.Изобильный", "сельская администрация Изобильный"),
        ("Чаганская п.а.", "Чаганская поселковая администрация"),
        ("п.а.Жибек жолы", "поселковая администрация Жибек жолы"),
        ("Семей Г.А.", "городская администрация Семей"),
        ("Аягоз г.а.", "городская администрация Аягоз"),
        ("Шарская г.а.", "Шарская городская администрация"),
        ("Әлихан Бөкейхан р.а.", "районная администрация Әлихан Бөкейхан"),
        ("р.а. им.Казыбек би", "районная администрация им. Казыбек би"),
        ("кр.хоз. Ата мекен", "крестьянское хозяйство Ата мекен"),
        # Full names stay as they are.
        ("Акмолинская область", "Акмолинская область"),
        ("район Ақсуат", "район Ақсуат"),
        ("зимовка Жанабаз", "зимовка Жанабаз"),
        ("  с.Акбулак ", "с. Акбулак"),
    ],
)
def test_russian_names(name, expected):
    assert format_ru(name) == expected


@pytest.mark.parametrize(
    ("noun", "masculine", "feminine"),
    [
        ("Акбулак", "Акбулакский", "Акбулакская"),
        ("Баршатас", "Баршатасский", "Баршатасская"),
        ("Медеу", "Медеуский", "Медеуская"),
        ("Кокбай", "Кокбайский", "Кокбайская"),
        ("Жарма", "Жарминский", "Жарминская"),
        ("Сарыарка", "Сарыаркинский", "Сарыаркинская"),
        ("Аршалы", "Аршалинский", "Аршалинская"),
        ("Акшаули", "Акшаулинский", "Акшаулинская"),
        ("Покровка", "Покровский", "Покровская"),
        ("Валиханово", "Валихановский", "Валихановская"),
        ("Новобратское", "Новобратский", "Новобратская"),
        ("Лепсинск", "Лепсинский", "Лепсинская"),
        ("Кумголь", "Кумгольский", "Кумгольская"),
        ("Тургень", "Тургенский", "Тургенская"),
    ],
)
def test_russian_adjectives(noun, masculine, feminine):
    assert russian_adjective(noun) == masculine
    assert russian_adjective(noun, feminine=True) == feminine


@pytest.mark.parametrize(
    "noun",
    ["Жибек жолы", "Елтоқ", "Шаменова", "Изобильный", "Трудовое", "Акжал", "Каратобе", "Заря", "Бель-Агач", "Ак", ""],
)
def test_no_adjective_where_the_rules_are_not_reliable(noun):
    assert russian_adjective(noun) is None


def test_adjectives_agree_with_the_classifier():
    """The rules against the 1,268 rural districts whose Russian adjective comes from their central village."""
    with open(KATO_CSV, encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    children = defaultdict(list)
    for row in rows:
        children[row["parent_code"]].append(row)
    agree = disagree = 0
    for row in rows:
        adjective = re.fullmatch(r"(\S+?(?:ский|цкий))\s+с\.\s?о\.?", row["name_ru"])
        if row["kind"] != "rural_district" or not adjective:
            continue
        stem = re.sub(r"\s*а\.\s?о\.?\s*\.?$", "", row["name_kk"])
        village = next(
            (c["name_ru"][2:].strip() for c in children[row["code"]] if c["name_kk"] == f"{stem} а."),
            None,
        )
        derived = russian_adjective(village) if village else None
        if derived is None:
            continue
        agree += derived == adjective[1]
        disagree += derived != adjective[1]
    # Most disagreements are spellings that differ between the village and its district (Игилик / Игликский).
    assert agree > 900
    assert agree / (agree + disagree) > 0.9


# -- Kazakh --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ақбұлақ а.", "Ақбұлақ ауылы"),
        ("Ақбұлақ а.о.", "Ақбұлақ ауылдық округі"),
        ("Жиенәлі а.о", "Жиенәлі ауылдық округі"),
        ("Бурыл а.о .", "Бурыл ауылдық округі"),
        ("Тайтөбе а.ә.", "Тайтөбе ауылдық әкімшілігі"),
        ("Шаған к.", "Шаған кенті"),
        ("Шаған к.ә.", "Шаған кенттік әкімшілігі"),
        ("Семей қ.", "Семей қаласы"),
        ("Форт-Шевченко ќ.", "Форт-Шевченко қаласы"),  # the source's «ќ» for «қ»
        ("Семей Қ.Ә.", "Семей қалалық әкімшілігі"),
        ("Аягөз қ.ә.", "Аягөз қалалық әкімшілігі"),
        ("Ақбұлақ ст.", "Ақбұлақ станциясы"),
        ("Бестөрткүл рзд.", "Бестөрткүл разъезі"),
        ("рзд.Дүйсекен", "Дүйсекен разъезі"),
        ("рзд.41", "рзд. 41"),
        ("Талды уч.", "Талды учаскесі"),
        ("«Сагиндиков К.С.» шар.қож.", "«Сагиндиков К.С.» шаруа қожалығы"),
        # «атындағы» is followed by the bare word.
        ("Рахмет Тоғысбаев атын.а.", "Рахмет Тоғысбаев атындағы ауыл"),
        ("Ақтан батыр ат.ауыл", "Ақтан батыр атындағы ауыл"),
        ("Қанай би атын.а.о.", "Қанай би атындағы ауылдық округ"),
        ("Қойгелді Аухадиев атын. а.о.", "Қойгелді Аухадиев атындағы ауылдық округ"),
        ("Мариям Хәкімжанова атындағы а.о", "Мариям Хәкімжанова атындағы ауылдық округ"),
        ("Т.Рыскулов а.", "Т.Рыскулов ауылы"),
        # Full words and unknown types stay.
        ("Тәжен ауылы", "Тәжен ауылы"),
        ("Ақмола облысы", "Ақмола облысы"),
        ("Аршалы ауданы", "Аршалы ауданы"),
        ("Жаңабаз қыстауы", "Жаңабаз қыстауы"),
        ("Жаңа ауыл", "Жаңа ауыл"),  # «ауыл» alone is part of the name
        ("Топжиде 1а.", "Топжиде 1а."),
    ],
)
def test_kazakh_names(name, expected):
    assert format_kk(name) == expected


def test_kazakh_a_e_is_a_district_administration_when_russian_says_so():
    assert format_kk("Әлихан Бөкейхан а.ә.", name_ru="Әлихан Бөкейхан р.а.") == "Әлихан Бөкейхан аудандық әкімшілігі"
    assert format_kk("Тайтөбе а.ә.", name_ru="с.а.Тайтобе") == "Тайтөбе ауылдық әкімшілігі"


# -- English -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name_kk", "name_ru", "expected"),
    [
        ("Ақбұлақ а.о.", "Акбулакский с.о.", "Akbulak rural district"),
        ("Ақбұлақ а.", "с.Акбулак", "Akbulak village"),
        ("Зеренді ауданы", "Зерендинский район", "Zerendi district"),
        ("Ақмола облысы", "Акмолинская область", "Akmola region"),
        ("Семей қ.", "г.Семей", "Semey"),
        ("Семей Қ.Ә.", "Семей Г.А.", "Semey city administration"),
        ("Шаған к.", "п.Чаган", "Shagan settlement"),
        ("Шаған к.ә.", "Чаганская п.а.", "Shagan settlement administration"),
        ("Тайтөбе а.ә.", "с.а.Тайтобе", "Taytobe rural administration"),
        ("Әлихан Бөкейхан а.ә.", "Әлихан Бөкейхан р.а.", "Alikhan Bokeykhan district administration"),
        ("Ақбұлақ ст.", "ст.Акбулак", "Akbulak station"),
        ("рзд.41", "рзд.41", "Siding 41"),
        ("Рахмет Тоғысбаев атын.а.", "с.им.Рахмет Тогысбаева", "Rakhmet Togysbaev village"),
        ("Жібек жолы а.", "с.Жибек Жолы", "Zhibek zholy village"),
        ("Көлбўлағы а.", "с.Кулбулагы", "Kolbulagy village"),  # the source's «ў» for «ұ»
        ("Жаңабаз қыстауы", "зимовка Жанабаз", "Zhanabaz kystauy"),
        ("Арап уч.", "уч.Арап", "Arap uchaskesi"),
        ("МТФ", "МТФ", "MTF"),
        # No Kazakh name: the Russian one.
        ("", "Акбулакский с.о.", "Akbulakskiy rural district"),
        ("", "с.Акбулак", "Akbulak village"),
    ],
)
def test_english_names_are_latin(name_kk, name_ru, expected):
    name = format_en(name_kk, name_ru)

    assert name == expected
    assert not re.search(r"[\u0400-\u04ff]", name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ақбұлақ", "Akbulak"),
        ("Шымкент", "Shymkent"),
        ("Щучинск", "Shchuchinsk"),
        ("Өскемен", "Oskemen"),
        ("Үржар", "Urzhar"),
        ("Һ", "Kh"),
        ("ЖШС «Береке»", "ZHSHS «Bereke»"),
        ("Ёлкино-2", "Elkino-2"),
        ("Latin KEGOK 12", "Latin KEGOK 12"),
    ],
)
def test_romanize_keeps_capitals(text, expected):
    assert romanize(text, NAMES) == expected


# -- the one entry point ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Ақбұлақ ауылдық округі"), ("ru", "Акбулакский сельский округ"), ("en", "Akbulak rural district")],
)
def test_display_name_in_each_language(language, expected):
    assert display_name("Ақбұлақ а.о.", "Акбулакский с.о.", "", language) == expected


def test_display_name_falls_back_to_the_other_official_language():
    assert display_name("", "с.Акбулак", "", "kk") == "с. Акбулак"
    assert display_name("Ақбұлақ а.", "", "", "ru") == "Ақбұлақ ауылы"
    assert display_name("Ақмола облысы", "Акмолинская область", "Akmola Region", "en") == "Akmola Region"
    assert display_name("", "", "", "en") == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Ақбұлақ ауылы"), ("ru", "с. Акбулак"), ("en", "Akbulak village")],
)
def test_territory_name_uses_the_display_name_and_keeps_the_stored_one(language, expected):
    village = Territory(kato_code="113431100", kind="village", name_kk="Ақбұлақ а.", name_ru="с.Акбулак")

    with translation.override(language):
        assert village.name == expected
        assert str(village) == expected
    assert (village.name_kk, village.name_ru, village.name_en) == ("Ақбұлақ а.", "с.Акбулак", "")
