"""Parser building blocks: dates, numbers, kinds, language, amendment marks, layout, speed."""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import datetime

import pytest

from apps.documents.loader import AnnotationKind, ProvisionKind, SectionKind, parse_text
from apps.documents.loader.annexes import is_annex_marker
from apps.documents.loader.blocks import clean_inline_markdown, split_blocks
from apps.documents.loader.header import detect_language, find_date, find_number
from apps.documents.loader.keys import KeyRegistry, roman_to_int, slug
from apps.documents.loader.lines import LineType, classify, formula_kind, split_amendments
from tests.scaling import assert_grows_linearly


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Указ Президента Республики Казахстан от 28 ноября 2012 года № 438",
            datetime.date(2012, 11, 28),
        ),
        (
            "Қазақстан Республикасы Президентінің 2012 жылғы 28 қарашадағы № 438 Жарлығы",
            datetime.date(2012, 11, 28),
        ),
        ("of November 28, 2012 No. 438", datetime.date(2012, 11, 28)),
        ("dated 28 November 2012 No. 438", datetime.date(2012, 11, 28)),
        ("Решение от 28.11.2012 № 438", datetime.date(2012, 11, 28)),
        ("ҚР 2013.06.13 № 101-V Заңымен", datetime.date(2013, 6, 13)),
        ("от 1 мая 2020 года № 5 (в редакции от 2 марта 2021 года)", datetime.date(2020, 5, 1)),
        ("2021 жылғы 15 ақпандағы № А-2/45 қаулысы", datetime.date(2021, 2, 15)),
        ("от 31.02.2020 № 1", None),
        ("Без даты № 5", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Закон Республики Казахстан от 13 июня 2013 года № 101-V ЗРК", "101-V"),
        ("Указ от 28 ноября 2012 года N 438", "438"),
        ("of November 28, 2012 No. 438", "438"),
        ("2012 жылғы 28 қарашадағы № 438 Жарлығы", "438"),
        ("Постановление акимата от 15 февраля 2021 года № А-2/45", "А-2/45"),
        ("Закон от 23 января 2001 года № 148-II.", "148-II"),
        ("Nobody knows", ""),
        ("N. Nazarbayev", ""),
    ],
)
def test_find_number(text, expected):
    assert find_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Жергілікті өзін-өзі басқару туралы Қазақстан Республикасының Заңы", "kk"),
        ("О местном государственном управлении и самоуправлении в Республике Казахстан", "ru"),
        (
            "Указ Президента. Президент Қ. Тоқаев подписал указ о местном самоуправлении в стране.",
            "ru",
        ),
        ("On local public administration and self-government", "en"),
        ("1. 2. 3.", "en"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Указ Президента Республики Казахстан от 1 марта 2020 года № 1", "decree"),
        ("Қазақстан Республикасы Президентінің 2020 жылғы 1 наурыздағы № 1 Жарлығы", "decree"),
        ("Decree of the President of the Republic of Kazakhstan of March 1, 2020 No. 1", "decree"),
        ("Закон Республики Казахстан от 1 марта 2020 года № 1-VI", "law"),
        ("Қазақстан Республикасының 2020 жылғы 1 наурыздағы № 1-VI Заңы", "law"),
        ("Law of the Republic of Kazakhstan of March 1, 2020 No. 1-VI", "law"),
        ("Кодекс Республики Казахстан от 1 марта 2020 года № 1-VI", "code"),
        ("Постановление Правительства Республики Казахстан от 1 марта 2020 года № 1", "resolution"),
        ("Ақмола облысы әкімдігінің 2020 жылғы 1 наурыздағы № 1 қаулысы", "resolution"),
        ("Решение маслихата города Алматы от 1 марта 2020 года № 1", "decision"),
        ("Алматы қаласы мәслихатының 2020 жылғы 1 наурыздағы № 1 шешімі", "decision"),
        (
            "Приказ Министра национальной экономики Республики Казахстан от 1 марта 2020 года № 1",
            "order",
        ),
        (
            ("Қазақстан Республикасы Ұлттық экономика министрінің 2020 жылғы 1 наурыздағы № 1 бұйрығы"),
            "order",
        ),
        ("Концепция развития местного самоуправления", "concept"),
        ("Жергілікті өзін-өзі басқаруды дамыту тұжырымдамасы", "concept"),
        ("Государственная программа развития регионов", "programme"),
        ("Правила оказания социальной помощи", "other"),
    ],
)
def test_kind_from_the_header(header, kind):
    doc = parse_text(f"{header}\n\nО порядке\n\n1. Первый пункт.\n\n2. Второй пункт.\n")
    assert doc.kind == kind


@pytest.mark.parametrize(
    ("formula", "kind"),
    [
        ("ПОСТАНОВЛЯЮ:", "decree"),
        ("ҚАУЛЫ ЕТЕМІН:", "decree"),
        ("I DECREE:", "decree"),
        ("POSTANOVLYAYU:", "decree"),
        ("акимат ПОСТАНОВЛЯЕТ:", "resolution"),
        ("әкімдігі ҚАУЛЫ ЕТЕДІ:", "resolution"),
        ("the Government DECIDES:", "resolution"),
        ("маслихат РЕШИЛ:", "decision"),
        ("мәслихаты ШЕШІМ ҚАБЫЛДАДЫ:", "decision"),
        ("the maslikhat DECIDED:", "decision"),
        ("ПРИКАЗЫВАЮ:", "order"),
        ("БҰЙЫРАМЫН:", "order"),
    ],
)
def test_operative_formula_gives_the_kind(formula, kind):
    assert formula_kind(f"В соответствии с законом {formula}") == kind
    doc = parse_text(f"Об утверждении правил\n\nВ соответствии с законом {formula}\n\n1. Утвердить правила.\n")
    assert doc.kind == kind
    assert [p.key for p in doc.sections[0].provisions] == ["decree.para1", "decree.p1"]


def test_formula_word_in_prose_is_not_a_formula():
    assert formula_kind("the following orders:") == ""
    assert formula_kind("ПОСТАНОВЛЯЮ: утвердить") == ""


@pytest.mark.parametrize(
    ("text", "rest", "marks"),
    [
        (
            "текст; (в редакции Закона РК от 13.06.2013 № 101-V)",
            "текст;",
            ["(в редакции Закона РК от 13.06.2013 № 101-V)"],
        ),
        (
            ("текст. (ҚР 2013.06.13 № 101-V Заңымен өзгертілді) [изменен Законом РК от 03.07.2017 № 86-VI]"),
            "текст.",
            [
                "(ҚР 2013.06.13 № 101-V Заңымен өзгертілді)",
                "[изменен Законом РК от 03.07.2017 № 86-VI]",
            ],
        ),
        (
            "пункт (в редакции Закона РК от 24.11.2015 № 420-V (вводится в действие с 01.01.2017))",
            "пункт",
            ["(в редакции Закона РК от 24.11.2015 № 420-V (вводится в действие с 01.01.2017))"],
        ),
        ("the Concept (further - the Concept)", "the Concept (further - the Concept)", []),
        ("в том числе (изменения цен)", "в том числе (изменения цен)", []),
        ("(исключен)", "", ["(исключен)"]),
    ],
)
def test_split_amendments(text, rest, marks):
    assert split_amendments(text) == (rest, marks)


@pytest.mark.parametrize(
    "text",
    [
        "Приложение 1 к решению маслихата города Алматы от 12 марта 2020 года № 456",
        "Приложение к постановлению акимата от 15.02.2021 г.",
        "Приложение 2",
        "УТВЕРЖДЕНА Указом Президента Республики Казахстан от 28 ноября 2012 года № 438",
        ("Approved by the Presidential decree of the Republic of Kazakhstan of November 28, 2012 No. 438"),
        "Annex 1 to the decision of the Maslikhat of Almaty city",
        "№ 456 шешіміне 1-қосымша",
        "1-қосымша",
        "№ 438 Жарлығымен БЕКІТІЛГЕН",
    ],
)
def test_annex_markers(text):
    assert is_annex_marker(text)


@pytest.mark.parametrize(
    "text",
    [
        "Приложение к настоящему решению является его неотъемлемой частью.",
        "Утвердить прилагаемые Правила согласно приложению 1;",
        "Approve the enclosed Concept.",
    ],
)
def test_sentences_mentioning_annexes_are_not_markers(text):
    assert not is_annex_marker(text)


def test_markdown_inline_cleanup():
    assert clean_inline_markdown(r"**Статья 1.** _Понятия_ и *термины*, см. [Закон](https://adilet.zan.kz)") == (
        "Статья 1. Понятия и термины, см. Закон"
    )
    assert clean_inline_markdown(r"1\. Пункт с \*звёздочкой\* и `кодом`") == "1. Пункт с *звёздочкой* и кодом"
    assert clean_inline_markdown("snake_case_name и 2*3*4") == "snake_case_name и 2*3*4"


def test_hard_wrapped_paragraphs_are_joined():
    blocks = split_blocks(
        "Статья 1. Понятия\n\nВ настоящем Законе используются\nследующие понятия:\n"
        "1) аким – представитель\nПрезидента;\n2) маслихат – представительный орган.\n\n"
        "Второй абзац статьи, перенесенный\nна следующую строку.\n"
    )
    assert [b.text for b in blocks] == [
        "Статья 1. Понятия",
        "В настоящем Законе используются следующие понятия:",
        "1) аким – представитель Президента;",
        "2) маслихат – представительный орган.",
        "Второй абзац статьи, перенесенный на следующую строку.",
    ]


def test_one_paragraph_per_line_layout():
    blocks = split_blocks(
        "Статья 1. Понятия\nПервый абзац.\nСтрока без точки\nНовый абзац, перенесенный\n"
        "на другую строку.\nТретий абзац:\n1) подпункт;\n2) подпункт.\n"
    )
    assert [b.text for b in blocks] == [
        "Статья 1. Понятия",
        "Первый абзац.",
        "Строка без точки",
        "Новый абзац, перенесенный на другую строку.",
        "Третий абзац:",
        "1) подпункт;",
        "2) подпункт.",
    ]


def test_markdown_blocks():
    blocks = split_blocks(
        "# Закон\n\n## Глава 1\n\n---\n\n- первый\n- второй\n  продолжение\n1. пункт\n> цитата\n\n"
        "| Аким | Б. Сагинтаев |\n|---|---|\n"
    )
    assert [(b.text, b.md_level, b.list_item) for b in blocks] == [
        ("Закон", 1, False),
        ("Глава 1", 2, False),
        ("первый", 0, True),
        ("второй продолжение", 0, True),
        ("1. пункт", 0, True),
        ("цитата", 0, False),
        ("Аким Б. Сагинтаев", 0, False),
    ]


@pytest.mark.parametrize(
    ("text", "line_type", "number", "body"),
    [
        ("Статья 39-3. Собрание", LineType.ARTICLE, "39-3", "Собрание"),
        ("39-3-бап. Жиналыс", LineType.ARTICLE, "39-3", "Жиналыс"),
        ("Article 2-1. Rights", LineType.ARTICLE, "2-1", "Rights"),
        (
            "Статья 5 настоящего Закона применяется",
            LineType.TEXT,
            "",
            "Статья 5 настоящего Закона применяется",
        ),
        ("2-тарау. Мәслихаттар", LineType.CHAPTER, "2", "Мәслихаттар"),
        ("Chapter 2", LineType.CHAPTER, "2", ""),
        ("РАЗДЕЛ 2. БЮДЖЕТНЫЙ ПРОЦЕСС", LineType.SECTION, "2", "БЮДЖЕТНЫЙ ПРОЦЕСС"),
        ("3-бөлім. Қорытынды", LineType.SECTION, "3", "Қорытынды"),
        ("4-параграф. Түрлері", LineType.PARAGRAPH, "4", "Түрлері"),
        ("§ 2. Виды", LineType.PARAGRAPH, "2", "Виды"),
        ("1-1. Пункт", LineType.POINT, "1-1", "Пункт"),
        ("3-1) подпункт", LineType.SUBPOINT, "3-1", "подпункт"),
        ("а) литера", LineType.LETTER, "а", "литера"),
        ("4.2. Подраздел", LineType.DOTTED, "4.2", "Подраздел"),
        ("1.5 млн тенге выделено", LineType.TEXT, "", "1.5 млн тенге выделено"),
        ("28.11.2012 подписан указ", LineType.TEXT, "", "28.11.2012 подписан указ"),
        ("Сноска. Внесены изменения", LineType.FOOTNOTE, "", "Внесены изменения"),
        ("Ескерту. Өзгеріс енгізілді", LineType.FOOTNOTE, "", "Өзгеріс енгізілді"),
        ("Ескертпе. Талаптар", LineType.NOTE, "", "Талаптар"),
        ("Примечание РЦПИ!", LineType.EDITORIAL, "", ""),
        ("РҚАО-ның ескертпесі!", LineType.EDITORIAL, "", ""),
        ("(в редакции Закона РК от 13.06.2013 № 101-V)", LineType.AMENDMENT, "", ""),
        ("Мазмұны", LineType.TOC, "", ""),
    ],
)
def test_classify(text, line_type, number, body):
    from apps.documents.loader.blocks import Block

    line = classify(Block(text))
    assert (line.type, line.number, line.body) == (line_type, number, body)


def test_key_helpers():
    assert slug("39-3") == "39-3"
    assert slug("А-2/45") == "a-2-45"
    assert slug("б") == "b"
    assert roman_to_int("XIV") == 14
    assert roman_to_int("ABC") is None
    registry = KeyRegistry()
    assert [registry.claim(k) for k in ("p3", "p3", "p3", "p3-2")] == [
        "p3",
        "p3-2",
        "p3-3",
        "p3-2-2",
    ]


def test_lettered_items_belong_to_the_subpoint():
    doc = parse_text(
        "Закон Республики Казахстан от 1 марта 2020 года № 1\n\nО тестах\n\n"
        "Статья 5. Понятия\n\n1. Понятия:\n\n1) первое:\n\nа) литера а;\n\n"
        "б) литера б;\n\n2) второе.\n"
    )
    art = doc.sections[0]
    assert [(p.key, p.kind, p.number) for p in art.provisions] == [
        ("art-5.p1", ProvisionKind.POINT, "1"),
        ("art-5.p1.sp1", ProvisionKind.SUBPOINT, "1"),
        ("art-5.p1.sp1.lit-a", ProvisionKind.SUBPOINT, "а"),
        ("art-5.p1.sp1.lit-b", ProvisionKind.SUBPOINT, "б"),
        ("art-5.p1.sp2", ProvisionKind.SUBPOINT, "2"),
    ]


def test_footnote_at_the_top_and_note_with_its_paragraph():
    doc = parse_text(
        "Закон Республики Казахстан от 1 марта 2020 года № 1\n\nО тестах\n\n"
        "Сноска. Внесены изменения Законом РК от 01.01.2021 № 2.\n\n"
        "Статья 1. Цель\n\nТекст статьи.\n\nПримечание.\n\nТребования не применяются к акимам.\n"
    )
    assert [(a.kind, a.text) for a in doc.annotations] == [
        (AnnotationKind.FOOTNOTE, "Внесены изменения Законом РК от 01.01.2021 № 2.")
    ]
    art = doc.sections[0]
    assert (art.key, art.kind) == ("art-1", SectionKind.ARTICLE)
    assert [p.text for p in art.provisions] == ["Текст статьи."]
    assert [(a.kind, a.text) for a in art.annotations] == [(AnnotationKind.NOTE, "Требования не применяются к акимам.")]


def test_heading_on_the_next_line():
    doc = parse_text("Закон Республики Казахстан\n\nО тестах\n\nГлава 1\nОбщие положения\nСтатья 1.\nТекст.\n")
    assert [(s.key, s.heading) for s in doc.iter_sections()] == [
        ("ch-1", "Общие положения"),
        ("art-1", ""),
    ]
    assert [p.key for p in doc.sections[0].children[0].provisions] == ["art-1.para1"]


def test_annex_contents_are_prefixed_and_unique():
    doc = parse_text(
        "Закон Республики Казахстан от 1 марта 2020 года № 1\n\nО тестах\n\n"
        "Статья 1. Цель\n\n1. Текст.\n\n"
        "Приложение 1 к Закону\n\nПравила\n\nСтатья 1. Цель правил\n\n1. Текст правил.\n"
    )
    assert [s.key for s in doc.iter_sections()] == ["art-1", "annex-1", "annex-1.art-1"]
    assert doc.sections[1].heading == "Правила"
    assert [p.key for p in doc.sections[1].children[0].provisions] == ["annex-1.art-1.p1"]
    assert [p.key for p in doc.sections[0].provisions] == ["art-1.p1"]


def _synthetic_code(chapters: int) -> tuple[str, int]:
    parts = ["Кодекс Республики Казахстан от 4 декабря 2008 года № 95-IV", "ОБЩАЯ ЧАСТЬ"]
    article = 0
    for chapter in range(1, chapters + 1):
        parts.append(f"Глава {chapter}. ПОЛОЖЕНИЯ ГЛАВЫ {chapter}")
        for _ in range(12):
            article += 1
            parts.append(f"Статья {article}. Предмет регулирования")
            parts.append("Сноска. Статья изменена Законом РК от 13.06.2013 № 101-V.")
            for point in range(1, 4):
                parts.append(f"{point}. Бюджетные отношения регулируются настоящим Кодексом и иными актами:")
                parts.extend(
                    (f"{sub}) подпункт о бюджетном планировании; (в редакции Закона РК от 13.06.2013 № 101-V)")
                    for sub in range(1, 4)
                )
    return "\n".join(parts), article


def test_one_megabyte_code_parses_in_linear_time():
    """A code of 612 articles: every provision found, and the cost grows with the text, not faster.

    Its speed is measured by ``make bench`` (docs/benchmarks.md), not bounded here.
    """
    text, articles = _synthetic_code(51)
    assert len(text.encode()) > 1_000_000
    doc = parse_text(text)
    assert sum(len(s.provisions) for s in doc.iter_sections()) == articles * 12

    quarter, _articles = _synthetic_code(13)
    assert_grows_linearly(lambda: parse_text(quarter), lambda: parse_text(text), factor=4, runs=2)


@pytest.mark.parametrize(
    "header",
    [
        "ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН\nот 23 января 2001 года № 148-II\nО местном государственном управлении",
        "О местном государственном управлении\nЗакон Республики Казахстан от 23 января 2001 года № 148-II.",
        "Закон Республики Казахстан от 23 января 2001 года № 148-II «О местном государственном управлении»",
    ],
)
def test_header_orders(header):
    doc = parse_text(f"{header}\nСтатья 1. Цель\nТекст статьи.\n")
    assert (doc.kind, doc.number, doc.adopted_on) == ("law", "148-II", datetime.date(2001, 1, 23))
    assert doc.title == "О местном государственном управлении"
    assert [s.key for s in doc.sections] == ["art-1"]


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        (
            "Указ Президента Республики Казахстан от 1 марта 2020 года № 1",
            "Президент Республики Казахстан",
        ),
        (
            "Постановление Правительства Республики Казахстан от 1 марта 2020 года № 1",
            "Правительство Республики Казахстан",
        ),
        (
            "Приказ Министра финансов Республики Казахстан от 1 марта 2020 года № 1",
            "Министр финансов Республики Казахстан",
        ),
        (
            "Decree of the President of the Republic of Kazakhstan of March 1, 2020 No. 1",
            "President of the Republic of Kazakhstan",
        ),
        (
            "Қазақстан Республикасы Қаржы министрінің 2020 жылғы 1 наурыздағы № 1 бұйрығы",
            "Қазақстан Республикасы Қаржы министрі",
        ),
        ("Закон Республики Казахстан от 1 марта 2020 года № 1-VI", ""),
    ],
)
def test_issuer_in_the_nominative(header, issuer):
    doc = parse_text(f"{header}\n\nО порядке\n\n1. Первый пункт.\n")
    assert doc.issuer == issuer


def test_approved_annex_that_is_not_a_concept():
    doc = parse_text(
        "Постановление Правительства Республики Казахстан от 1 марта 2020 года № 1\n\n"
        "Об утверждении Правил\n\nПравительство Республики Казахстан ПОСТАНОВЛЯЕТ:\n\n"
        "1. Утвердить прилагаемые Правила.\n\n"
        "Премьер-Министр Республики Казахстан А. Мамин\n\n"
        "Утверждены постановлением Правительства Республики Казахстан "
        "от 1 марта 2020 года № 1\n\n"
        "Правила проведения собраний местного сообщества\n\n"
        "1. Настоящие Правила определяют порядок проведения собраний.\n"
    )
    assert doc.signatories == ["Премьер-Министр Республики Казахстан А. Мамин"]
    assert [(s.key, s.kind, s.heading) for s in doc.sections] == [
        ("decree", SectionKind.DECREE, ""),
        ("annex-1", SectionKind.ANNEX, "Правила проведения собраний местного сообщества"),
    ]
    assert [(a.kind, a.text) for a in doc.sections[1].annotations] == [
        (
            AnnotationKind.NOTE,
            "Утверждены постановлением Правительства Республики Казахстан от 1 марта 2020 года № 1",
        )
    ]
    assert [p.key for p in doc.sections[1].provisions] == ["annex-1.p1"]


def test_form_blanks_do_not_make_plain_text_markdown():
    doc = parse_text(
        "Приказ Министра финансов Республики Казахстан от 1 марта 2020 года № 1\n\n"
        "Об утверждении формы заявления\n\n"
        "1. Утвердить форму заявления.\n\n"
        "2. Заявление подается по форме: «___» __________ 20__ года, подпись _____.\n"
    )
    assert [p.text for p in doc.sections[0].provisions][-1] == (
        "Заявление подается по форме: «___» __________ 20__ года, подпись _____."
    )


def test_form_blanks_survive_markdown_cleanup():
    assert clean_inline_markdown("«___» __________ 20__ года, **подпись** _____") == (
        "«___» __________ 20__ года, подпись _____"
    )
