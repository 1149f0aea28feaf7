"""The legal-text parser on the seed (Decree No. 438 and its Concept) and its RU/KK versions."""

# Russian and Kazakh letters are the subject matter here, not look-alikes of Latin ones.

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from apps.documents.loader import (
    AnnotationKind,
    ParsedDocument,
    ParsedSection,
    ProvisionKind,
    SectionKind,
    decode_bytes,
    parse_text,
)
from tests.documents.parsing import SAMPLES, load_sample, section

REPO = Path(__file__).resolve().parents[2]
SEED_PATHS = (
    REPO / "apps" / "documents" / "data" / "decree-438-concept.en.txt",
    Path("/work/shared/seeds/000_d7e8bed57c272be8.txt"),
)
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


def seed_text() -> str:
    for path in SEED_PATHS:
        if path.exists():
            return decode_bytes(path.read_bytes())
    raise AssertionError(f"the seed text is missing; looked in {[str(p) for p in SEED_PATHS]}")


def provision_keys(sec: ParsedSection) -> list[str]:
    return [p.key for p in sec.provisions]


def assert_keys_valid(document: ParsedDocument) -> None:
    """Every key matches the URL-safe pattern and is unique across sections and provisions."""
    keys = [s.key for s in document.iter_sections()]
    keys += [p.key for s in document.iter_sections() for p in s.provisions]
    assert all(KEY_RE.match(key) for key in keys), [k for k in keys if not KEY_RE.match(k)]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


@pytest.fixture(scope="module")
def seed() -> ParsedDocument:
    return parse_text(seed_text())


def test_seed_header(seed):
    assert seed.kind == "decree"
    assert seed.number == "438"
    assert seed.adopted_on == datetime.date(2012, 11, 28)
    assert seed.title == (
        "About approval of the Concept of development of local self-government in the Republic of Kazakhstan"
    )
    assert seed.amendment_note == (
        "(as amended of the Presidential decree of the Republic of Kazakhstan of 10.09.2019 No. 151)"
    )
    assert seed.language == "en"
    assert seed.annotations == []
    assert seed.signatories == ["President of the Republic of Kazakhstan N. Nazarbayev"]


def test_seed_section_tree(seed):
    assert [(s.key, s.kind) for s in seed.iter_sections()] == [
        ("decree", SectionKind.DECREE),
        ("concept", SectionKind.ANNEX),
        ("concept.intro", SectionKind.INTRODUCTION),
        ("concept.1", SectionKind.SECTION),
        ("concept.1.1", SectionKind.SUBSECTION),
    ]
    assert [s.key for s in seed.sections] == ["decree", "concept"]
    assert_keys_valid(seed)


def test_seed_decree_part(seed):
    decree = section(seed, "decree")
    assert decree.heading == ""
    assert decree.number == ""
    assert provision_keys(decree) == ["decree.para1", "decree.p1", "decree.p2", "decree.p3"]
    preamble, p1, p2, p3 = decree.provisions
    assert preamble.kind == ProvisionKind.PARAGRAPH
    assert preamble.number == ""
    assert preamble.text.startswith("For the purpose of implementation of the Presidential decree")
    assert preamble.text.endswith(
        '"Social and economic upgrade - the main vector of development of Kazakhstan" POSTANOVLYAYU:'
    )
    assert [(p.kind, p.number) for p in (p1, p2, p3)] == [(ProvisionKind.POINT, str(n)) for n in (1, 2, 3)]
    assert p1.text == (
        "Approve the enclosed Concept of development of local self-government in the Republic of Kazakhstan."
    )
    assert p3.text == "This Decree becomes effective from the date of signing."
    assert not any(p.removed or p.annotations for p in decree.provisions)
    # The signature is not a provision.
    assert all("Nazarbayev" not in p.text for s in seed.iter_sections() for p in s.provisions)


def test_seed_annex_is_the_concept(seed):
    concept = section(seed, "concept")
    assert concept.heading == "The concept of development of local self-government in the Republic of Kazakhstan"
    assert concept.number == ""
    assert concept.provisions == []
    assert [(a.kind, a.text) for a in concept.annotations] == [
        (
            AnnotationKind.NOTE,
            ("Approved by the Presidential decree of the Republic of Kazakhstan of November 28, 2012 No. 438"),
        )
    ]
    assert [c.key for c in concept.children] == ["concept.intro", "concept.1"]


def test_seed_introduction(seed):
    intro = section(seed, "concept.intro")
    assert intro.heading == ""
    assert provision_keys(intro) == [f"concept.intro.para{n}" for n in range(1, 5)]
    assert all(p.kind == ProvisionKind.PARAGRAPH and p.number == "" for p in intro.provisions)
    assert intro.provisions[0].text.startswith(
        "The concept of development of local self-government in the Republic of Kazakhstan (further - the Concept)"
    )
    assert intro.provisions[1].text == (
        "Development of system of local self-government is one of indispensable conditions "
        "of economic prosperity, social wellbeing and forming of civil society."
    )
    assert intro.provisions[3].text.endswith("reorientation of mentality of the population.")


def test_seed_section_and_subsection(seed):
    vision = section(seed, "concept.1")
    assert (vision.kind, vision.number) == (SectionKind.SECTION, "1")
    assert vision.heading == "Vision of development of local self-government in the Republic of Kazakhstan"
    assert vision.provisions == []
    analysis = section(seed, "concept.1.1")
    assert vision.children == [analysis]
    assert (analysis.kind, analysis.number) == (SectionKind.SUBSECTION, "1.1")
    assert analysis.heading == "Analysis of the current situation"
    assert provision_keys(analysis) == ["concept.1.1.para1", "concept.1.1.para2"]
    assert analysis.provisions[0].text.startswith("In the modern world wellbeing of the state")
    assert analysis.provisions[1].text.endswith("the trust of the population to the power considerably increases.")


def test_seed_without_blank_lines_parses_the_same(seed):
    compact = "\n".join(line for line in seed_text().split("\n") if line.strip())
    again = parse_text(compact)
    assert [(s.key, s.heading) for s in again.iter_sections()] == [(s.key, s.heading) for s in seed.iter_sections()]
    assert [p.text for s in again.iter_sections() for p in s.provisions] == [
        p.text for s in seed.iter_sections() for p in s.provisions
    ]
    assert again.signatories == seed.signatories


def test_seed_with_windows_line_ends_and_nbsp(seed):
    raw = seed_text().replace(" ", "\u00a0", 40).replace("\n", "\r\n")
    again = parse_text(decode_bytes(raw.encode("utf-8")))
    assert again.title == seed.title
    assert [p.key for s in again.iter_sections() for p in s.provisions] == [
        p.key for s in seed.iter_sections() for p in s.provisions
    ]


def test_language_override(seed):
    assert parse_text(seed_text(), language="ru").language == "ru"


def test_iter_sections_is_document_order(seed):
    order = [s.key for s in seed.iter_sections()]
    assert order.index("decree") < order.index("concept") < order.index("concept.intro")
    assert order.index("concept.intro") < order.index("concept.1") < order.index("concept.1.1")


def test_decree_438_russian():
    doc = load_sample("decree_438_ru.txt")
    assert (doc.kind, doc.number, doc.adopted_on, doc.language) == (
        "decree",
        "438",
        datetime.date(2012, 11, 28),
        "ru",
    )
    assert doc.title == "Об утверждении Концепции развития местного самоуправления в Республике Казахстан"
    assert doc.issuer == "Президент Республики Казахстан"
    assert doc.amendment_note == "(с изменениями и дополнениями по состоянию на 10.09.2019 г.)"
    assert doc.signatories == ["Президент Республики Казахстан Н. Назарбаев"]
    decree = section(doc, "decree")
    assert provision_keys(decree) == ["decree.para1", "decree.p1", "decree.p2", "decree.p3"]
    assert decree.provisions[0].text.endswith("ПОСТАНОВЛЯЮ:")
    concept = section(doc, "concept")
    assert concept.heading == "КОНЦЕПЦИЯ развития местного самоуправления в Республике Казахстан"
    assert concept.annotations[0].kind == AnnotationKind.NOTE
    assert concept.annotations[0].text == (
        "УТВЕРЖДЕНА Указом Президента Республики Казахстан от 28 ноября 2012 года № 438"
    )
    assert [(s.key, s.kind, s.number, s.heading) for s in doc.iter_sections()][2:] == [
        ("concept.intro", SectionKind.INTRODUCTION, "", "Введение"),
        (
            "concept.1",
            SectionKind.SECTION,
            "1",
            "Видение развития местного самоуправления в Республике Казахстан",
        ),
        ("concept.1.1", SectionKind.SUBSECTION, "1.1", "Анализ текущей ситуации"),
        ("concept.1.2", SectionKind.SUBSECTION, "1.2", "Обзор международного опыта"),
        ("concept.2", SectionKind.SECTION, "2", "Цель и задачи Концепции"),
        ("concept.3", SectionKind.SECTION, "3", "Основные принципы и подходы"),
        ("concept.3.1", SectionKind.SUBSECTION, "3.1", "Принципы развития местного самоуправления"),
    ]
    assert provision_keys(section(doc, "concept.intro")) == [
        "concept.intro.para1",
        "concept.intro.para2",
    ]
    goals = section(doc, "concept.2")
    assert provision_keys(goals) == [
        "concept.2.para1",
        "concept.2.para2",
        "concept.2.sp1",
        "concept.2.sp2",
    ]
    assert goals.provisions[2].text == "разграничение функций между уровнями государственного управления;"
    assert_keys_valid(doc)


def test_decree_438_kazakh_line_per_paragraph():
    doc = load_sample("decree_438_kk.txt")
    assert (doc.kind, doc.number, doc.adopted_on, doc.language) == (
        "decree",
        "438",
        datetime.date(2012, 11, 28),
        "kk",
    )
    assert doc.title == ("Қазақстан Республикасында жергілікті өзін-өзі басқаруды дамыту тұжырымдамасын бекіту туралы")
    assert doc.issuer == "Қазақстан Республикасы Президенті"
    assert doc.signatories == ["Қазақстан Республикасының Президенті Н. Назарбаев"]
    decree = section(doc, "decree")
    assert provision_keys(decree) == ["decree.para1", "decree.p1", "decree.p2", "decree.p3"]
    assert decree.provisions[0].text.endswith("ҚАУЛЫ ЕТЕМІН:")
    concept = section(doc, "concept")
    assert concept.heading == "Қазақстан Республикасында жергілікті өзін-өзі басқаруды дамыту тұжырымдамасы"
    # The reference lines printed above «БЕКІТІЛГЕН» belong to the annex header, not to the decree.
    assert [a.text for a in concept.annotations] == [
        "Қазақстан Республикасы Президентінің 2012 жылғы 28 қарашадағы № 438 Жарлығымен БЕКІТІЛГЕН"
    ]
    assert [(s.key, s.kind, s.number, s.heading) for s in concept.children[0:1]] == [
        ("concept.intro", SectionKind.INTRODUCTION, "", "Кіріспе")
    ]
    assert [(s.key, s.number) for s in doc.iter_sections()][3:] == [
        ("concept.1", "1"),
        ("concept.1.1", "1.1"),
        ("concept.1.2", "1.2"),
    ]
    assert section(doc, "concept.1.2").heading == "Тұжырымдаманың мақсаты мен міндеттері"
    assert_keys_valid(doc)


# Malformed on purpose; covered in test_parser_errors.py.
MALFORMED = {
    "empty.txt",
    "binary.bin",
    "no_structure.txt",
    "single_line.txt",
    "header_only_ru.txt",
    "cp1251_ru.txt",
}
WELL_FORMED = sorted(p.name for p in SAMPLES.iterdir() if p.name not in MALFORMED)


def test_sample_inventory():
    """Every shape the brief lists has a sample (and nothing unexpected sneaks in)."""
    assert len(WELL_FORMED) == 15
    assert {p.name for p in SAMPLES.iterdir()} == set(WELL_FORMED) | MALFORMED


@pytest.mark.parametrize("name", WELL_FORMED)
def test_every_parsable_sample_has_valid_unique_keys(name):
    doc = load_sample(name)
    assert_keys_valid(doc)
    assert doc.language in ("ru", "kk", "en")
    assert doc.kind in (
        "decree",
        "law",
        "code",
        "resolution",
        "decision",
        "order",
        "concept",
        "programme",
        "other",
    )
    assert any(s.provisions for s in doc.iter_sections())
