"""Laws and codes: chapters, articles with dashed numbers, points, subpoints, notes, removals."""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import datetime

import pytest

from apps.documents.loader import (
    AnnotationKind,
    ParsedDocument,
    ParsedSection,
    ProvisionKind,
    SectionKind,
)
from tests.documents.parsing import load_sample, section


def provisions(sec: ParsedSection) -> list[tuple[str, str, str]]:
    return [(p.key, p.kind, p.number) for p in sec.provisions]


def annotations(item) -> list[tuple[str, str]]:
    return [(a.kind, a.text) for a in item.annotations]


# -- Russian law, one paragraph per line ----------------------------------------------------------


@pytest.fixture(scope="module")
def law_ru() -> ParsedDocument:
    return load_sample("law_ru.txt")


def test_law_ru_header(law_ru):
    assert (law_ru.kind, law_ru.number, law_ru.adopted_on, law_ru.language) == (
        "law",
        "148-II",
        datetime.date(2001, 1, 23),
        "ru",
    )
    assert law_ru.title == "О местном государственном управлении и самоуправлении в Республике Казахстан"
    assert law_ru.amendment_note == "(с изменениями и дополнениями по состоянию на 01.01.2024 г.)"
    assert law_ru.issuer == ""
    assert annotations(law_ru) == [
        (
            AnnotationKind.FOOTNOTE,
            "По всему тексту слова «аппарат акима» заменены словами «аппарат акима района» "
            "в соответствии с Законом РК от 13.06.2013 № 101-V.",
        ),
        (
            AnnotationKind.EDITORIAL,
            "Примечание ИЗПИ! Порядок введения в действие настоящего Закона см. ст. 43.",
        ),
    ]
    assert law_ru.signatories == ["Президент Республики Казахстан Н. Назарбаев"]


def test_law_ru_tree(law_ru):
    assert [(s.key, s.kind, s.number, s.heading) for s in law_ru.iter_sections()] == [
        ("preamble", SectionKind.PREAMBLE, "", ""),
        ("ch-1", SectionKind.CHAPTER, "1", "ОБЩИЕ ПОЛОЖЕНИЯ"),
        ("art-1", SectionKind.ARTICLE, "1", "Основные понятия, используемые в настоящем Законе"),
        (
            "art-2",
            SectionKind.ARTICLE,
            "2",
            ("Законодательство Республики Казахстан о местном государственном управлении и самоуправлении"),
        ),
        (
            "art-2-1",
            SectionKind.ARTICLE,
            "2-1",
            "Права граждан на участие в местном самоуправлении",
        ),
        ("ch-2", SectionKind.CHAPTER, "2", "МАСЛИХАТЫ"),
        ("art-3", SectionKind.ARTICLE, "3", "Исключена Законом РК от 09.02.2009 № 126-IV."),
        ("art-6", SectionKind.ARTICLE, "6", "Компетенция маслихатов"),
        ("ch-5", SectionKind.CHAPTER, "5", "МЕСТНОЕ САМОУПРАВЛЕНИЕ"),
        ("art-39-3", SectionKind.ARTICLE, "39-3", "Собрание местного сообщества"),
        ("art-43", SectionKind.ARTICLE, "43", "Порядок введения в действие настоящего Закона"),
    ]
    assert [c.key for c in section(law_ru, "ch-1").children] == ["art-1", "art-2", "art-2-1"]


def test_law_ru_preamble(law_ru):
    preamble = section(law_ru, "preamble")
    assert provisions(preamble) == [("preamble.para1", ProvisionKind.PARAGRAPH, "")]
    assert preamble.provisions[0].text.startswith("Настоящий Закон регулирует общественные отношения")


def test_law_ru_subpoints_directly_under_article(law_ru):
    art1 = section(law_ru, "art-1")
    assert provisions(art1) == [
        ("art-1.para1", ProvisionKind.PARAGRAPH, ""),
        ("art-1.sp1", ProvisionKind.SUBPOINT, "1"),
        ("art-1.sp2", ProvisionKind.SUBPOINT, "2"),
        ("art-1.sp3", ProvisionKind.SUBPOINT, "3"),
        ("art-1.sp3-1", ProvisionKind.SUBPOINT, "3-1"),
        ("art-1.sp4", ProvisionKind.SUBPOINT, "4"),
    ]
    sp3, sp3_1, sp4 = art1.provisions[3:]
    # The amendment mark is stripped from the text and kept as an annotation.
    assert sp3.text == (
        "аким – представитель Президента и Правительства Республики Казахстан, возглавляющий "
        "местный исполнительный орган;"
    )
    assert annotations(sp3) == [(AnnotationKind.AMENDMENT, "(в редакции Закона РК от 13.06.2013 № 101-V)")]
    assert annotations(sp3_1) == [(AnnotationKind.AMENDMENT, "(дополнен Законом РК от 24.11.2015 № 420-V)")]
    assert sp4.removed is True
    assert sp4.text == "исключен Законом РК от 03.07.2017 № 86-VI."
    assert sp4.annotations == []


def test_law_ru_footnote_after_article_heading(law_ru):
    art = section(law_ru, "art-2-1")
    assert annotations(art) == [
        (
            AnnotationKind.FOOTNOTE,
            "Глава 1 дополнена статьей 2-1 в соответствии с Законом РК от 09.02.2009 № 126-IV.",
        )
    ]
    assert provisions(art) == [("art-2-1.para1", ProvisionKind.PARAGRAPH, "")]


def test_law_ru_removed_article(law_ru):
    art3 = section(law_ru, "art-3")
    assert art3.removed is True
    assert art3.provisions == []
    assert section(law_ru, "art-6").removed is False


def test_law_ru_points_subpoints_and_note(law_ru):
    art6 = section(law_ru, "art-6")
    assert provisions(art6) == [
        ("art-6.p1", ProvisionKind.POINT, "1"),
        ("art-6.p1.sp1", ProvisionKind.SUBPOINT, "1"),
        ("art-6.p1.sp2", ProvisionKind.SUBPOINT, "2"),
        ("art-6.p1.sp3", ProvisionKind.SUBPOINT, "3"),
        ("art-6.p1-1", ProvisionKind.POINT, "1-1"),
        ("art-6.p2", ProvisionKind.POINT, "2"),
        ("art-6.p3", ProvisionKind.POINT, "3"),
    ]
    by_key = {p.key: p for p in art6.provisions}
    assert by_key["art-6.p1.sp3"].removed is True
    assert by_key["art-6.p1-1"].text == "Маслихаты вправе заслушивать отчеты руководителей исполнительных органов."
    assert annotations(by_key["art-6.p1-1"]) == [
        (AnnotationKind.AMENDMENT, "(в редакции Закона РК от 13.06.2013 № 101-V)")
    ]
    assert by_key["art-6.p3"].removed is True
    assert by_key["art-6.p3"].text == "Исключен Законом РК от 13.06.2013 № 101-V."
    # «Примечание.» is a note of the article, not a provision.
    assert annotations(art6) == [
        (
            AnnotationKind.NOTE,
            ("Положения настоящей статьи не распространяются на маслихаты городов республиканского значения."),
        )
    ]


def test_law_ru_article_39_3(law_ru):
    art = section(law_ru, "art-39-3")
    assert annotations(art) == [
        (
            AnnotationKind.FOOTNOTE,
            ("Статья 39-3 в редакции Закона РК от 24.11.2015 № 420-V (вводится в действие с 01.01.2017)."),
        )
    ]
    assert [p.key for p in art.provisions] == [
        "art-39-3.p1",
        "art-39-3.p1-1",
        "art-39-3.p2",
        "art-39-3.p2.sp1",
        "art-39-3.p2.sp2",
        "art-39-3.p2.sp3",
        "art-39-3.p2.sp3-1",
        "art-39-3.p3",
    ]
    sp3_1 = art.provisions[6]
    assert sp3_1.text == "согласовывает кандидатуры на должность руководителя аппарата акима;"
    # A trailing mark and a mark on its own line both attach to the subpoint.
    assert annotations(sp3_1) == [
        (AnnotationKind.AMENDMENT, "(дополнен Законом РК от 03.07.2017 № 86-VI)"),
        (AnnotationKind.AMENDMENT, "[изменен Законом РК от 03.07.2017 № 86-VI]"),
    ]
    assert art.provisions[7].text == (
        "Решения собрания местного сообщества принимаются большинством голосов присутствующих членов собрания."
    )


def test_law_ru_signature_is_not_a_provision(law_ru):
    art43 = section(law_ru, "art-43")
    assert [p.text for p in art43.provisions] == [
        "Настоящий Закон вводится в действие со дня его официального опубликования."
    ]


# -- Kazakh law, blank-line separated -------------------------------------------------------------


@pytest.fixture(scope="module")
def law_kk() -> ParsedDocument:
    return load_sample("law_kk.txt")


def test_law_kk_header(law_kk):
    assert (law_kk.kind, law_kk.number, law_kk.adopted_on, law_kk.language) == (
        "law",
        "148",
        datetime.date(2001, 1, 23),
        "kk",
    )
    assert law_kk.title == "Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі басқару туралы"
    assert law_kk.amendment_note == "(2024.01.01. берілген өзгерістер мен толықтырулармен)"
    assert annotations(law_kk) == [
        (
            AnnotationKind.FOOTNOTE,
            "Бүкіл мәтін бойынша «әкім аппараты» деген сөздер «аудан әкімінің аппараты» "
            "деген сөздермен "
            "ауыстырылды - ҚР 2013.06.13 № 101-V Заңымен.",
        )
    ]
    assert law_kk.signatories == ["Қазақстан Республикасының Президенті Н. Назарбаев"]


def test_law_kk_tree(law_kk):
    assert [(s.key, s.kind, s.number, s.removed) for s in law_kk.iter_sections()] == [
        ("preamble", SectionKind.PREAMBLE, "", False),
        ("ch-1", SectionKind.CHAPTER, "1", False),
        ("art-1", SectionKind.ARTICLE, "1", False),
        ("art-2", SectionKind.ARTICLE, "2", False),
        ("art-5", SectionKind.ARTICLE, "5", True),
        ("ch-2", SectionKind.CHAPTER, "2", False),
        ("art-39-3", SectionKind.ARTICLE, "39-3", False),
    ]
    assert section(law_kk, "ch-1").heading == "Жалпы ережелер"
    assert section(law_kk, "art-5").heading == "Алып тасталды - ҚР 2009.02.09 № 126-IV Заңымен."
    assert section(law_kk, "art-39-3").heading == "Жергілікті қоғамдастықтың жиналысы"


def test_law_kk_article_1(law_kk):
    art = section(law_kk, "art-1")
    assert provisions(art) == [
        ("art-1.para1", ProvisionKind.PARAGRAPH, ""),
        ("art-1.sp1", ProvisionKind.SUBPOINT, "1"),
        ("art-1.sp2", ProvisionKind.SUBPOINT, "2"),
        ("art-1.sp2-1", ProvisionKind.SUBPOINT, "2-1"),
    ]
    assert annotations(art.provisions[2]) == [(AnnotationKind.AMENDMENT, "(ҚР 2013.06.13 № 101-V Заңымен өзгертілді)")]
    assert art.provisions[3].text == (
        "жергілікті қоғамдастық жиналысы – жергілікті маңызы бар мәселелерді шешуге қатысу нысаны."
    )
    assert annotations(art.provisions[3]) == [
        (AnnotationKind.AMENDMENT, "(толықтырылды - ҚР 2015.11.24 № 420-V Заңымен)")
    ]


def test_law_kk_removed_point(law_kk):
    art2 = section(law_kk, "art-2")
    assert provisions(art2) == [
        ("art-2.p1", ProvisionKind.POINT, "1"),
        ("art-2.p2", ProvisionKind.POINT, "2"),
        ("art-2.p3", ProvisionKind.POINT, "3"),
    ]
    p3 = art2.provisions[2]
    assert (p3.removed, p3.text) == (True, "Алып тасталды - ҚР 2013.06.13 № 101-V Заңымен.")


def test_law_kk_article_39_3_annotations_and_points(law_kk):
    art = section(law_kk, "art-39-3")
    assert annotations(art) == [
        (
            AnnotationKind.FOOTNOTE,
            ("39-3-бап жаңа редакцияда - ҚР 2015.11.24 № 420-V Заңымен (01.01.2017 бастап қолданысқа енгізіледі)."),
        ),
        (
            AnnotationKind.EDITORIAL,
            "ЗҚАИ-ның ескертпесі! 39-3-баптың 1-1-тармағы 01.01.2025 бастап қолданысқа енгізіледі.",
        ),
        (
            AnnotationKind.NOTE,
            "Осы баптың талаптары республикалық маңызы бар қалаларға қолданылмайды.",
        ),
    ]
    assert [p.key for p in art.provisions] == [
        "art-39-3.p1",
        "art-39-3.p1-1",
        "art-39-3.p2",
        "art-39-3.p2.sp1",
        "art-39-3.p2.sp2",
        "art-39-3.p2.sp3",
        "art-39-3.p2.sp3-1",
    ]
    sp3 = art.provisions[5]
    assert (sp3.removed, sp3.text) == (True, "алып тасталды - ҚР 2017.07.03 № 86-VI Заңымен;")
    # The editorial note's paragraph is part of the note, not a provision.
    assert all("ЗҚАИ" not in p.text and "01.01.2025" not in p.text for p in art.provisions)


# -- English law in Markdown -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def law_en() -> ParsedDocument:
    return load_sample("law_en.md")


def test_law_en_md_header(law_en):
    assert (law_en.kind, law_en.number, law_en.adopted_on, law_en.language) == (
        "law",
        "148-II",
        datetime.date(2001, 1, 23),
        "en",
    )
    assert law_en.title == "On local public administration and self-government in the Republic of Kazakhstan"
    assert law_en.amendment_note == "(as amended by the Law of the Republic of Kazakhstan of 01.01.2024)"
    assert law_en.signatories == ["President of the Republic of Kazakhstan N. Nazarbayev"]


def test_law_en_md_tree_and_markup_stripped(law_en):
    assert [(s.key, s.kind, s.heading) for s in law_en.iter_sections()] == [
        ("preamble", SectionKind.PREAMBLE, ""),
        ("ch-1", SectionKind.CHAPTER, "General provisions"),
        ("art-1", SectionKind.ARTICLE, "Basic concepts used in this Law"),
        (
            "art-2",
            SectionKind.ARTICLE,
            "Legislation of the Republic of Kazakhstan on local public administration",
        ),
        ("ch-5", SectionKind.CHAPTER, "Local self-government"),
        ("art-39-3", SectionKind.ARTICLE, "Meeting of local community"),
    ]
    art1 = section(law_en, "art-1")
    assert [(p.key, p.text) for p in art1.provisions] == [
        ("art-1.para1", "The following basic concepts are used in this Law:"),
        (
            "art-1.sp1",
            "local community – the population living in the territory of the corresponding "
            "administrative-territorial unit;",
        ),
        (
            "art-1.sp2",
            ("local self-government – activities performed by the population directly and through maslikhats;"),
        ),
        ("art-1.sp3", "excluded by the Law of the Republic of Kazakhstan of 03.07.2017 No. 86-VI."),
    ]
    assert art1.provisions[3].removed is True


def test_law_en_md_escaped_points_links_and_footnote(law_en):
    art2 = section(law_en, "art-2")
    assert [(p.key, p.number) for p in art2.provisions] == [("art-2.p1", "1"), ("art-2.p2", "2")]
    assert art2.provisions[0].text == "The legislation is based on the Constitution of the Republic of Kazakhstan."
    p2 = art2.provisions[1]
    assert p2.text == (
        "If the international treaty establishes other rules, the rules of the international treaty are applied."
    )
    assert annotations(p2) == [
        (
            AnnotationKind.AMENDMENT,
            "(as amended by the Law of the Republic of Kazakhstan of 13.06.2013 No. 101-V)",
        ),
        (
            AnnotationKind.FOOTNOTE,
            "Article 2 as amended by the Law of the Republic of Kazakhstan of 13.06.2013 No. 101-V.",
        ),
    ]


def test_law_en_md_nested_lists_without_blank_lines(law_en):
    art = section(law_en, "art-39-3")
    assert [(p.key, p.kind, p.number) for p in art.provisions] == [
        ("art-39-3.p1", ProvisionKind.POINT, "1"),
        ("art-39-3.p1-1", ProvisionKind.POINT, "1-1"),
        ("art-39-3.p2", ProvisionKind.POINT, "2"),
        ("art-39-3.p2.sp1", ProvisionKind.SUBPOINT, "1"),
        ("art-39-3.p2.sp2", ProvisionKind.SUBPOINT, "2"),
        ("art-39-3.p2.sp3-1", ProvisionKind.SUBPOINT, "3-1"),
        ("art-39-3.para1", ProvisionKind.PARAGRAPH, ""),
    ]
    assert art.provisions[1].text == "The meeting is held at least once a quarter."
    assert art.provisions[6].text == "Members of the meeting participate on a voluntary basis."


# -- A code: parts, sections, chapters, paragraphs, removed articles ------------------------------


@pytest.fixture(scope="module")
def code() -> ParsedDocument:
    return load_sample("code_with_removed_articles_ru.txt")


def test_code_header(code):
    assert (code.kind, code.number, code.adopted_on) == (
        "code",
        "95-IV",
        datetime.date(2008, 12, 4),
    )
    assert code.title == "Бюджетный кодекс Республики Казахстан"
    assert code.amendment_note == "(с изменениями и дополнениями по состоянию на 01.07.2024 г.)"
    # «Астана, Акорда, 4 декабря 2008 года / № 95-IV» under the signature is not text of the code.
    assert code.signatories == ["Президент Республики Казахстан Н. НАЗАРБАЕВ"]


def test_code_hierarchy(code):
    assert [(s.key, s.kind, s.number) for s in code.iter_sections()] == [
        ("part-general", SectionKind.PART, ""),
        ("sec-1", SectionKind.SECTION, "1"),
        ("ch-1", SectionKind.CHAPTER, "1"),
        ("ch-1.par-1", SectionKind.PARAGRAPH, "1"),
        ("art-1", SectionKind.ARTICLE, "1"),
        ("art-2", SectionKind.ARTICLE, "2"),
        ("art-2-1", SectionKind.ARTICLE, "2-1"),
        ("ch-1.par-2", SectionKind.PARAGRAPH, "2"),
        ("art-4", SectionKind.ARTICLE, "4"),
        ("ch-2", SectionKind.CHAPTER, "2"),
        # «Параграф 1» restarts in chapter 2: the key stays unique through the chapter.
        ("ch-2.par-1", SectionKind.PARAGRAPH, "1"),
        ("art-5", SectionKind.ARTICLE, "5"),
        ("art-6", SectionKind.ARTICLE, "6"),
        ("part-special", SectionKind.PART, ""),
        ("sec-2", SectionKind.SECTION, "2"),
        ("ch-3", SectionKind.CHAPTER, "3"),
        ("art-60", SectionKind.ARTICLE, "60"),
    ]
    assert section(code, "part-general").heading == "ОБЩАЯ ЧАСТЬ"
    assert section(code, "sec-1").heading == "ОБЩИЕ ПОЛОЖЕНИЯ"
    assert section(code, "ch-1.par-1").heading == "Бюджетное законодательство"
    assert [s.key for s in code.sections] == ["part-general", "part-special"]


def test_code_removed_articles_and_points(code):
    removed = {s.key: s.heading for s in code.iter_sections() if s.removed}
    assert removed == {
        "art-2": "Исключена Законом РК от 03.07.2017 № 86-VI.",
        "art-5": "Утратила силу Законом РК от 04.12.2015 № 435-V.",
    }
    art1 = section(code, "art-1")
    assert [(p.key, p.removed, p.text) for p in art1.provisions][1] == (
        "art-1.p2",
        True,
        "Исключен Законом РК от 03.07.2017 № 86-VI.",
    )
    art4 = section(code, "art-4")
    assert [(p.key, p.removed) for p in art4.provisions] == [
        ("art-4.para1", False),
        ("art-4.sp1", False),
        ("art-4.sp2", True),
        ("art-4.sp3", False),
    ]
    # A removal printed in brackets keeps the note without them.
    assert art4.provisions[2].text == "исключен Законом РК от 03.07.2017 № 86-VI"
    art60 = section(code, "art-60")
    assert [(p.key, p.number, p.removed) for p in art60.provisions] == [
        ("art-60.p1", "1", False),
        ("art-60.p1-1", "1-1", True),
    ]
