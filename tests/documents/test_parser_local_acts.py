"""Local acts: maslikhat decisions and akimat resolutions with their annexes (RU, KK, EN)."""

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


def keys(sec: ParsedSection) -> list[str]:
    return [p.key for p in sec.provisions]


# -- Maslikhat decision, Russian ------------------------------------------------------------------


@pytest.fixture(scope="module")
def decision_ru() -> ParsedDocument:
    return load_sample("maslikhat_decision_ru.txt")


def test_decision_ru_header(decision_ru):
    doc = decision_ru
    assert (doc.kind, doc.number, doc.adopted_on, doc.language) == (
        "decision",
        "456",
        datetime.date(2020, 3, 12),
        "ru",
    )
    assert doc.issuer == "Маслихат города Алматы"
    assert doc.title == (
        "Об утверждении Правил оказания социальной помощи, установления размеров и "
        "определения перечня "
        "отдельных категорий нуждающихся граждан города Алматы"
    )
    # The state-registration line under the title is a note, not text of the decision.
    assert [(a.kind, a.text) for a in doc.annotations] == [
        (
            AnnotationKind.NOTE,
            "Зарегистрировано в Департаменте юстиции города Алматы 20 марта 2020 года № 1620",
        )
    ]
    assert doc.signatories == [
        "Председатель сессии маслихата города Алматы А. Исаев",
        "Секретарь маслихата города Алматы С. Канаев",
    ]


def test_decision_ru_operative_part(decision_ru):
    assert [(s.key, s.kind) for s in decision_ru.sections] == [
        ("decree", SectionKind.DECREE),
        ("annex-1", SectionKind.ANNEX),
        ("annex-2", SectionKind.ANNEX),
    ]
    decree = section(decision_ru, "decree")
    assert keys(decree) == ["decree.para1", "decree.p1", "decree.p2", "decree.p3", "decree.p4"]
    assert decree.provisions[0].text.endswith("маслихат города Алматы РЕШИЛ:")
    assert decree.provisions[4].text == (
        "Настоящее решение вводится в действие по истечении десяти календарных дней после дня его "
        "первого официального опубликования."
    )


def test_decision_ru_annex_with_chapters(decision_ru):
    annex = section(decision_ru, "annex-1")
    assert annex.number == "1"
    assert annex.heading.startswith("Правила оказания социальной помощи, установления размеров")
    assert [(a.kind, a.text) for a in annex.annotations] == [
        (
            AnnotationKind.NOTE,
            "Приложение 1 к решению маслихата города Алматы от 12 марта 2020 года № 456",
        )
    ]
    assert [(c.key, c.kind, c.number, c.heading) for c in annex.children] == [
        ("annex-1.ch-1", SectionKind.CHAPTER, "1", "Общие положения"),
        ("annex-1.ch-2", SectionKind.CHAPTER, "2", "Порядок оказания социальной помощи"),
    ]
    assert annex.provisions == []
    ch1, ch2 = annex.children
    assert keys(ch1) == [
        "annex-1.ch-1.p1",
        "annex-1.ch-1.p2",
        "annex-1.ch-1.p2.sp1",
        "annex-1.ch-1.p2.sp2",
        "annex-1.ch-1.p2.sp3",
    ]
    assert ch1.provisions[2].text == "уполномоченный орган – управление занятости и социальных программ города Алматы;"
    # Point numbering continues across chapters; a repeated number gets a deterministic suffix.
    assert [(p.key, p.number, p.removed) for p in ch2.provisions] == [
        ("annex-1.ch-2.p3", "3", False),
        ("annex-1.ch-2.p4", "4", True),
        ("annex-1.ch-2.p4-2", "4", False),
        ("annex-1.ch-2.p5", "5", False),
    ]
    assert ch2.provisions[1].text == "Исключен решением маслихата города Алматы от 15.09.2021 № 78."


def test_decision_ru_second_annex_without_chapters(decision_ru):
    annex = section(decision_ru, "annex-2")
    assert annex.heading == "Размеры социальной помощи отдельным категориям нуждающихся граждан"
    assert annex.children == []
    assert [(p.key, p.kind) for p in annex.provisions] == [
        ("annex-2.p1", ProvisionKind.POINT),
        ("annex-2.p2", ProvisionKind.POINT),
    ]


# -- Maslikhat decision, English Markdown ---------------------------------------------------------


def test_decision_en_markdown():
    doc = load_sample("maslikhat_decision_en.md")
    assert (doc.kind, doc.number, doc.adopted_on, doc.language) == (
        "decision",
        "456",
        datetime.date(2020, 3, 12),
        "en",
    )
    assert doc.issuer == "Maslikhat of Almaty city"
    assert doc.title == (
        "About approval of Rules of rendering social assistance to certain categories of needy citizens of Almaty"
    )
    # One signature printed as a Markdown table row, the other as a line.
    assert doc.signatories == [
        "Chairman of the session of the Maslikhat of Almaty city A. Isayev",
        "Secretary of the Maslikhat of Almaty city S. Kanayev",
    ]
    decree = section(doc, "decree")
    assert keys(decree) == ["decree.para1", "decree.p1", "decree.p2"]
    assert decree.provisions[0].text.endswith("the Maslikhat of Almaty city DECIDED:")
    assert decree.provisions[1].text == (
        "Approve the enclosed Rules of rendering social assistance according to Annex 1 to this decision."
    )
    annex = section(doc, "annex-1")
    assert annex.heading == "Rules of rendering social assistance to certain categories of needy citizens"
    assert annex.annotations[0].text == (
        "Annex 1 to the decision of the Maslikhat of Almaty city of March 12, 2020 No. 456"
    )
    assert [c.key for c in annex.children] == ["annex-1.ch-1", "annex-1.ch-2"]
    assert keys(annex.children[0]) == [
        "annex-1.ch-1.p1",
        "annex-1.ch-1.p2",
        "annex-1.ch-1.p2.sp1",
        "annex-1.ch-1.p2.sp2",
    ]
    p3, p4 = annex.children[1].provisions
    assert (p3.key, p3.text) == (
        "annex-1.ch-2.p3",
        "Social assistance is rendered once and (or) periodically.",
    )
    assert [(a.kind, a.text) for a in p3.annotations] == [
        (
            AnnotationKind.AMENDMENT,
            "(as amended by the Decision of the Maslikhat of Almaty city of 15.09.2021 No. 78)",
        )
    ]
    assert (p4.key, p4.removed) == ("annex-1.ch-2.p4", True)


# -- Maslikhat decision, Kazakh Markdown ----------------------------------------------------------


def test_decision_kk_markdown_annexes_marked_at_the_end():
    doc = load_sample("maslikhat_decision_kk.md")
    assert (doc.kind, doc.number, doc.language, doc.issuer) == (
        "decision",
        "456",
        "kk",
        "Алматы қаласы мәслихаты",
    )
    assert doc.title == ("Мұқтаж азаматтардың жекелеген санаттарына әлеуметтік көмек көрсету қағидаларын бекіту туралы")
    assert doc.signatories == [
        "Алматы қаласы мәслихаты сессиясының төрағасы А. Исаев",
        "Алматы қаласы мәслихатының хатшысы С. Қанаев",
    ]
    decree = section(doc, "decree")
    assert keys(decree) == ["decree.para1", "decree.p1", "decree.p2"]
    # Bold markers around the formula are gone.
    assert decree.provisions[0].text.endswith("Алматы қаласының мәслихаты ШЕШІМ ҚАБЫЛДАДЫ:")
    assert [(s.key, s.number) for s in doc.sections] == [
        ("decree", ""),
        ("annex-1", "1"),
        ("annex-2", "2"),
    ]
    annex1 = section(doc, "annex-1")
    assert annex1.annotations[0].text == "Алматы қаласы мәслихатының 2020 жылғы 12 наурыздағы № 456 шешіміне 1-қосымша"
    assert annex1.heading == "Мұқтаж азаматтардың жекелеген санаттарына әлеуметтік көмек көрсету қағидалары"
    assert [(c.key, c.heading) for c in annex1.children] == [
        ("annex-1.ch-1", "Жалпы ережелер"),
        ("annex-1.ch-2", "Әлеуметтік көмек көрсету тәртібі"),
    ]
    assert keys(annex1.children[0]) == [
        "annex-1.ch-1.p1",
        "annex-1.ch-1.p2",
        "annex-1.ch-1.p2.sp1",
        "annex-1.ch-1.p2.sp2",
    ]
    assert keys(annex1.children[1]) == ["annex-1.ch-2.p3", "annex-1.ch-2.p3-2"]
    assert keys(section(doc, "annex-2")) == ["annex-2.p1"]
    assert section(doc, "annex-2").heading == "Әлеуметтік көмектің мөлшерлері"


# -- Akimat resolution, Kazakh, one paragraph per line --------------------------------------------


@pytest.fixture(scope="module")
def resolution_kk() -> ParsedDocument:
    return load_sample("akimat_resolution_kk.txt")


def test_resolution_kk_header(resolution_kk):
    doc = resolution_kk
    assert (doc.kind, doc.number, doc.adopted_on, doc.language) == (
        "resolution",
        "А-2/45",
        datetime.date(2021, 2, 15),
        "kk",
    )
    assert doc.issuer == "Ақмола облысы әкімдігі"
    assert doc.title == "Әлеуметтік маңызы бар қатынастар тізбесін бекіту туралы"
    assert [(a.kind, a.text) for a in doc.annotations] == [
        (
            AnnotationKind.NOTE,
            "Ақмола облысының Әділет департаментінде 2021 жылғы 19 ақпанда № 8356 болып тіркелді",
        )
    ]
    assert doc.signatories == ["Ақмола облысының әкімі Е. Маржықпаев"]


def test_resolution_kk_structure(resolution_kk):
    decree = section(resolution_kk, "decree")
    assert keys(decree) == ["decree.para1", "decree.p1", "decree.p2", "decree.p3"]
    assert decree.provisions[0].text.endswith("Ақмола облысының әкімдігі ҚАУЛЫ ЕТЕДІ:")
    annex = section(resolution_kk, "annex-1")
    # The reference printed above «қосымша» (four lines) is the annex's note, not decree text.
    assert [a.text for a in annex.annotations] == [
        "Ақмола облысы әкімдігінің 2021 жылғы 15 ақпандағы № А-2/45 қаулысына қосымша"
    ]
    assert (annex.number, annex.heading) == (
        "",
        "Облыс ішіндегі әлеуметтік маңызы бар қатынастардың тізбесі",
    )
    ch1, ch2 = annex.children
    assert (ch1.key, ch1.heading, ch2.key, ch2.heading) == (
        "annex-1.ch-1",
        "Жалпы ережелер",
        "annex-1.ch-2",
        "Қорытынды ережелер",
    )
    assert [(p.key, p.kind) for p in ch1.provisions] == [
        ("annex-1.ch-1.p1", ProvisionKind.POINT),
        ("annex-1.ch-1.p2", ProvisionKind.POINT),
        ("annex-1.ch-1.p2.sp1", ProvisionKind.SUBPOINT),
        ("annex-1.ch-1.p2.sp2", ProvisionKind.SUBPOINT),
        ("annex-1.ch-1.p2.sp2-1", ProvisionKind.SUBPOINT),
    ]
    sp2_1 = ch1.provisions[4]
    assert sp2_1.text == "Көкшетау – Атбасар."
    assert [(a.kind, a.text) for a in sp2_1.annotations] == [
        (
            AnnotationKind.AMENDMENT,
            "(толықтырылды - Ақмола облысы әкімдігінің 2022.03.10 № А-3/120 қаулысымен)",
        )
    ]
    assert [(p.key, p.removed) for p in ch2.provisions] == [
        ("annex-1.ch-2.p3", False),
        ("annex-1.ch-2.p4", True),
    ]


# -- Akimat resolution, Russian: one unnumbered annex, «УТВЕРЖДЕН» after «Приложение» -------------


def test_resolution_ru_single_unnumbered_annex():
    doc = load_sample("resolution_ru.txt")
    assert (doc.kind, doc.number, doc.issuer) == (
        "resolution",
        "А-2/45",
        "Акимат Акмолинской области",
    )
    assert doc.signatories == ["Аким Акмолинской области Е. Маржикпаев"]
    assert [(s.key, s.kind) for s in doc.sections] == [
        ("decree", SectionKind.DECREE),
        ("annex-1", SectionKind.ANNEX),
    ]
    assert section(doc, "decree").provisions[0].text.endswith("акимат Акмолинской области ПОСТАНОВЛЯЕТ:")
    annex = section(doc, "annex-1")
    assert annex.number == ""
    assert annex.heading == "ПЕРЕЧЕНЬ социально значимых сообщений по Акмолинской области"
    assert [a.text for a in annex.annotations] == [
        "Приложение к постановлению акимата Акмолинской области от 15 февраля 2021 года № А-2/45 "
        "УТВЕРЖДЕН постановлением акимата Акмолинской области от 15 февраля 2021 года № А-2/45"
    ]
    assert [(p.key, p.text) for p in annex.provisions] == [
        ("annex-1.p1", "Кокшетау – Щучинск."),
        ("annex-1.p2", "Кокшетау – Степногорск."),
        ("annex-1.p3", "Кокшетау – Атбасар."),
    ]
    # «Примечание ИЗПИ!» and its paragraph attach to the point they are printed before.
    assert annex.provisions[1].annotations == []
    assert [(a.kind, a.text) for a in annex.provisions[2].annotations] == [
        (AnnotationKind.EDITORIAL, "Примечание ИЗПИ! Пункт 3 вводится в действие с 01.01.2025.")
    ]
