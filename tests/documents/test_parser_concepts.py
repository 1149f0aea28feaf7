"""Concepts and programmes: «Раздел N», plain "1." headings that restart, tables of contents."""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import pytest

from apps.documents.loader import (
    AnnotationKind,
    ParsedDocument,
    ProvisionKind,
    SectionKind,
    decode_bytes,
    parse_text,
)
from tests.documents.parsing import SAMPLES, load_sample, section


def tree(document: ParsedDocument) -> list[tuple[str, str, str, str]]:
    return [(s.key, s.kind, s.number, s.heading) for s in document.iter_sections()]


# -- Concept 2021 in Markdown: «Раздел N», dotted subsections, an out-of-date TOC -----------------


@pytest.fixture(scope="module")
def concept() -> ParsedDocument:
    return load_sample("concept_2021_ru.md")


def test_concept_header(concept):
    assert (concept.kind, concept.language, concept.number, concept.adopted_on) == (
        "concept",
        "ru",
        "",
        None,
    )
    assert concept.title == "Концепция развития местного самоуправления в Республике Казахстан до 2025 года"


def test_concept_tree_ignores_the_table_of_contents(concept):
    # The TOC lists «Раздел 5» (absent) and misses «Раздел 6» and the passport: neither matters.
    assert tree(concept) == [
        ("s1", SectionKind.SECTION, "", "Паспорт Концепции"),
        ("sec-1", SectionKind.SECTION, "1", "Анализ текущей ситуации"),
        ("sec-1.1", SectionKind.SUBSECTION, "1.1", "Правовые основы местного самоуправления"),
        ("sec-1.2", SectionKind.SUBSECTION, "1.2", "Проблемы развития"),
        ("sec-2", SectionKind.SECTION, "2", "Обзор международного опыта"),
        ("sec-3", SectionKind.SECTION, "3", "Видение развития местного самоуправления"),
        ("sec-3.1", SectionKind.SUBSECTION, "3.1", "Расширение участия граждан"),
        ("sec-4", SectionKind.SECTION, "4", "Основные принципы и подходы развития"),
        ("sec-6", SectionKind.SECTION, "6", "План действий по реализации Концепции"),
    ]
    texts = [p.text for s in concept.iter_sections() for p in s.provisions]
    assert not any("Целевые индикаторы" in text or "#razdel" in text for text in texts)


def test_concept_provisions(concept):
    passport = section(concept, "s1")
    assert [(p.key, p.text) for p in passport.provisions] == [
        (
            "s1.para1",
            ("Наименование: Концепция развития местного самоуправления в Республике Казахстан до 2025 года."),
        ),
        (
            "s1.para2",
            ("Основание для разработки: Указ Президента Республики Казахстан от 18 августа 2021 года № 639."),
        ),
    ]
    legal = section(concept, "sec-1.1")
    assert [p.key for p in legal.provisions] == ["sec-1.1.para1"]
    assert legal.provisions[0].text.endswith(
        "регулируется Законом «О местном государственном управлении и самоуправлении в Республике Казахстан»."
    )
    assert [(a.kind, a.text) for a in legal.provisions[0].annotations] == [
        (
            AnnotationKind.FOOTNOTE,
            "Подраздел 1.1 изложен в новой редакции Указом Президента РК от 15.03.2023 № 150.",
        )
    ]
    problems = section(concept, "sec-1.2")
    assert [(p.key, p.kind, p.number) for p in problems.provisions] == [
        ("sec-1.2.para1", ProvisionKind.PARAGRAPH, ""),
        ("sec-1.2.sp1", ProvisionKind.SUBPOINT, "1"),
        ("sec-1.2.sp2", ProvisionKind.SUBPOINT, "2"),
        ("sec-1.2.sp3", ProvisionKind.SUBPOINT, "3"),
    ]
    vision = section(concept, "sec-3")
    assert [p.key for p in vision.provisions] == ["sec-3.para1"]
    assert section(concept, "sec-3.1").provisions[0].text == (
        "Граждане получат право участвовать в бюджетном процессе через бюджет участия."
    )
    principles = section(concept, "sec-4")
    assert [(p.key, p.kind) for p in principles.provisions] == [
        ("sec-4.p1", ProvisionKind.POINT),
        ("sec-4.p2", ProvisionKind.POINT),
    ]


# -- A programme whose TOC decides the top level --------------------------------------------------


@pytest.fixture(scope="module")
def programme() -> ParsedDocument:
    return load_sample("programme_en.txt")


def test_programme_toc_fixes_the_top_level(programme):
    assert (programme.kind, programme.title, programme.language) == (
        "programme",
        "The Programme of Development of Regions until 2025",
        "en",
    )
    assert tree(programme) == [
        ("1", SectionKind.SECTION, "1", "Analysis of the current situation"),
        ("1.1", SectionKind.SUBSECTION, "1.1", "Demographic trends"),
        # Subsection numbering could continue with 2, but the TOC lists "Goals" at the top level.
        ("2", SectionKind.SECTION, "2", "Goals and objectives"),
        ("3", SectionKind.SECTION, "3", "Main directions of implementation"),
        ("3.1", SectionKind.SUBSECTION, "3.1", "Development of agglomerations"),
        ("3.2", SectionKind.SUBSECTION, "3.2", "Development of rural areas"),
        # Not in the TOC: the numbering continues the subsections.
        ("3.3", SectionKind.SUBSECTION, "3.3", "Monitoring of the Programme"),
    ]
    assert [p.key for p in section(programme, "1.1").provisions] == ["1.1.para1", "1.1.para2"]
    assert [p.key for p in section(programme, "2").provisions] == ["2.para1"]
    # TOC lines are not provisions.
    assert not any(".........." in p.text for s in programme.iter_sections() for p in s.provisions)


def test_programme_without_toc_follows_the_numbering():
    text = decode_bytes((SAMPLES / "programme_en.txt").read_bytes())
    head, _toc, body = text.partition("\n\nContents\n")
    body = body[body.index("\n\n1. Analysis") :]
    doc = parse_text(head + body)
    assert [(s.key, s.number) for s in doc.iter_sections()][:3] == [
        ("1", "1"),
        ("1.1", "1.1"),
        ("1.2", "1.2"),
    ]
    assert section(doc, "1.2").heading == "Goals and objectives"


# -- Numbering rules for plain headings, on small texts -------------------------------------------

CONCEPT_HEAD = "Концепция развития сельских территорий\n\n"


def test_heading_one_after_body_text_restarts_a_level():
    doc = parse_text(
        CONCEPT_HEAD
        + "1. Общие положения\n\nТекст раздела.\n\n1. Анализ\n\nТекст анализа.\n\n"
        + "2. Проблемы\n\nТекст проблем.\n\n2. Цели\n\nТекст целей.\n"
    )
    assert [(s.key, s.kind, s.number) for s in doc.iter_sections()] == [
        ("1", SectionKind.SECTION, "1"),
        ("1.1", SectionKind.SUBSECTION, "1.1"),
        ("1.2", SectionKind.SUBSECTION, "1.2"),
        ("2", SectionKind.SECTION, "2"),
    ]
    assert [p.key for p in section(doc, "1").provisions] == ["1.para1"]


def test_third_level_restart_and_return_to_top():
    doc = parse_text(
        CONCEPT_HEAD
        + "1. Видение\n\n1. Анализ\n\n1. Демография\n\nТекст.\n\n2. Экономика\n\nТекст.\n\n"
        + "2. Опыт\n\nТекст.\n\n2. Цели\n\nТекст.\n"
    )
    assert [(s.key, s.number) for s in doc.iter_sections()] == [
        ("1", "1"),
        ("1.1", "1.1"),
        ("1.1.1", "1.1.1"),
        ("1.1.2", "1.1.2"),
        ("1.2", "1.2"),
        ("2", "2"),
    ]


def test_numbered_lines_ending_with_punctuation_are_points():
    doc = parse_text(
        CONCEPT_HEAD + ("1. Видение\n\nКонцепция предусматривает:\n\n1. Развитие сел.\n\n2. Развитие малых городов;\n")
    )
    vision = section(doc, "1")
    assert [(p.key, p.kind) for p in vision.provisions] == [
        ("1.para1", ProvisionKind.PARAGRAPH),
        ("1.p1", ProvisionKind.POINT),
        ("1.p2", ProvisionKind.POINT),
    ]


def test_short_numbered_line_followed_by_a_point_is_a_point():
    doc = parse_text(CONCEPT_HEAD + "Введение\n\nТекст.\n\n1. Первое направление\n\n2. Второе направление.\n")
    intro = section(doc, "intro")
    assert intro.heading == "Введение"
    assert [(p.key, p.kind, p.text) for p in intro.provisions] == [
        ("intro.para1", ProvisionKind.PARAGRAPH, "Текст."),
        ("intro.p1", ProvisionKind.POINT, "Первое направление"),
        ("intro.p2", ProvisionKind.POINT, "Второе направление."),
    ]


def test_kazakh_concept_with_toc_and_conclusion():
    doc = parse_text(
        "Ауылдық аумақтарды дамыту тұжырымдамасы\n"
        "Мазмұны\n"
        "1. Ағымдағы жағдайды талдау\n"
        "2. Мақсаттар мен міндеттер\n"
        "Қорытынды\n"
        "1. Ағымдағы жағдайды талдау\n"
        "1. Демография\n"
        "Халық саны өсті.\n"
        "2. Мақсаттар мен міндеттер\n"
        "Мақсат – теңгерімді даму.\n"
        "Қорытынды\n"
        "Тұжырымдама 2030 жылға дейін іске асырылады.\n"
    )
    assert (doc.kind, doc.language) == ("concept", "kk")
    assert [(s.key, s.kind, s.number, s.heading) for s in doc.iter_sections()] == [
        ("1", SectionKind.SECTION, "1", "Ағымдағы жағдайды талдау"),
        ("1.1", SectionKind.SUBSECTION, "1.1", "Демография"),
        ("2", SectionKind.SECTION, "2", "Мақсаттар мен міндеттер"),
        ("conclusion", SectionKind.SECTION, "", "Қорытынды"),
    ]
    assert [p.key for p in section(doc, "conclusion").provisions] == ["conclusion.para1"]


def test_roman_numbered_headings():
    doc = parse_text(
        "Программа развития регионов\n\nI. Введение в программу\n\nТекст.\n\nII. Цели программы\n\nТекст целей.\n"
    )
    assert [(s.key, s.number, s.heading) for s in doc.iter_sections()] == [
        ("i", "I", "Введение в программу"),
        ("ii", "II", "Цели программы"),
    ]


def test_caps_heading_in_a_concept():
    doc = parse_text(CONCEPT_HEAD + "ОБЩИЕ ПОЛОЖЕНИЯ\n\nТекст положений.\n\nЦЕЛИ\n\nТекст целей.\n")
    assert [(s.key, s.heading) for s in doc.iter_sections()] == [
        ("s1", "ОБЩИЕ ПОЛОЖЕНИЯ"),
        ("s2", "ЦЕЛИ"),
    ]
