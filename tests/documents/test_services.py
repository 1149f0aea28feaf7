"""Loading legal texts into the database: idempotent, versioned, all-or-nothing."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.documents.loader import LoaderError
from apps.documents.models import Annotation, Document, DocumentVersion, Provision, Section
from apps.documents.reference import REFERENCE_TEXTS
from apps.documents.services import document_load

SEED = REFERENCE_TEXTS[0].path.read_text(encoding="utf-8")

LAW_V1 = """ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН
О тестовом местном самоуправлении

Глава 1. Общие положения

Статья 1. Основные понятия
1. Местное сообщество – совокупность жителей.
2. Сход – непосредственное участие жителей.

Статья 2. Задачи
1. Первая задача.
2. Вторая задача.
"""


def table_counts():
    return tuple(model.objects.count() for model in (Document, DocumentVersion, Section, Provision, Annotation))


@pytest.mark.django_db
def test_seed_loads_as_the_decree_with_the_concept():
    result = document_load(text=SEED, slug="concept-2012", language="en")

    document = result.document
    assert result.created and result.version.number == 1
    assert document.kind == "decree"
    assert document.number == "438"
    assert str(document.adopted_on) == "2012-11-28"
    assert document.title.startswith("About approval of the Concept of development of local self-government")
    assert "10.09.2019 No. 151" in document.amendment_note
    assert "Nazarbayev" in document.signatories
    keys = list(Section.objects.filter(document=document).order_by("order").values_list("key", flat=True))
    assert keys[:2] == ["decree", "concept"]
    assert {"concept.intro", "concept.1", "concept.1.1"} <= set(keys)
    subsection = Section.objects.get(document=document, key="concept.1.1")
    assert subsection.number == "1.1"
    assert subsection.parent.key == "concept.1"
    assert subsection.heading == "Analysis of the current situation"
    points = Provision.objects.filter(section__key="decree", kind="point").order_by("order")
    assert [p.number for p in points] == ["1", "2", "3"]
    assert Provision.objects.filter(section__key="concept.intro").count() == 4
    assert Provision.objects.filter(section=subsection).count() == 2
    assert result.provisions == Provision.objects.count()


@pytest.mark.django_db
def test_loading_the_same_text_twice_changes_nothing():
    document_load(text=SEED, slug="concept-2012", language="en")
    before = table_counts()
    pks = list(Provision.objects.order_by("pk").values_list("pk", "key", "content_hash"))

    again = document_load(text=SEED, slug="concept-2012", language="en")

    assert again.version is None
    assert table_counts() == before
    assert list(Provision.objects.order_by("pk").values_list("pk", "key", "content_hash")) == pks
    from django.utils import translation

    with translation.override("en"):
        assert "unchanged" in again.summary
    with translation.override("ru"):
        assert "без изменений" in again.summary


@pytest.mark.django_db
def test_same_content_with_other_line_ends_is_not_a_new_version():
    document_load(text=LAW_V1, slug="law", language="ru")

    result = document_load(text=LAW_V1.replace("\n", "\r\n") + "\n\n", slug="law", language="ru")

    assert result.version is None
    assert DocumentVersion.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_text_is_a_new_version_that_keeps_unchanged_provisions():
    first = document_load(text=LAW_V1, slug="law", language="ru")
    kept = Provision.objects.get(key="art-1.p1")
    changed = Provision.objects.get(key="art-2.p2")
    removed = Provision.objects.get(key="art-1.p2")
    v2 = (
        LAW_V1.replace("2. Вторая задача.", "2. Вторая задача в новой редакции.").replace(
            "2. Сход – непосредственное участие жителей.\n", ""
        )
        + "3. Третья задача.\n"
    )

    result = document_load(text=v2, slug="law", language="ru")

    assert result.version.number == 2
    assert (result.added, result.changed, result.removed, result.unchanged) == (1, 1, 1, 2)
    assert Provision.objects.get(pk=kept.pk).retired_in is None  # same primary key, still current
    changed.refresh_from_db()
    removed.refresh_from_db()
    assert changed.retired_in == result.version and removed.retired_in == result.version
    new_wording = Provision.objects.current().get(key="art-2.p2")
    assert new_wording.pk != changed.pk and "новой редакции" in new_wording.text
    assert Provision.objects.current().filter(document=first.document).count() == 4
    assert first.document.versions.count() == 2
    document = Document.objects.get(pk=first.document.pk)
    assert document.current_version == result.version


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "slug", "language"),
    [
        ("", "law", "ru"),
        ("   \n\n  ", "law", "ru"),
        ("just one line", "law", "en"),
        (LAW_V1, "Bad Slug!", "ru"),
        (LAW_V1, "law", "de"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(text, slug, language):
    document_load(text=SEED, slug="concept-2012", language="en")
    before = table_counts()

    with pytest.raises(LoaderError) as error:
        document_load(text=text, slug=slug, language=language)

    assert str(error.value)
    assert table_counts() == before


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(monkeypatch):
    document_load(text=LAW_V1, slug="law", language="ru")
    before = table_counts()
    from apps.documents import services

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.Annotation.objects, "bulk_create", explode)

    with pytest.raises(RuntimeError):
        document_load(text=LAW_V1.replace("Первая", "Новая первая"), slug="law", language="ru")

    assert table_counts() == before


@pytest.mark.django_db
def test_load_document_command_reports_progress_and_a_summary(tmp_path, capsys):
    path = tmp_path / "law.txt"
    path.write_text(LAW_V1, encoding="utf-8")

    call_command("load_document", str(path), "--slug", "law", "--language", "ru")
    first = capsys.readouterr().out
    call_command("load_document", str(path), "--slug", "law", "--language", "ru")
    second = capsys.readouterr().out

    assert "Parsed" in first and "version 1" in first and "4 provisions" in first
    assert "unchanged" in second.splitlines()[-1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00\x00", "binary"),
        ("Закон\n\nСтатья 1. Тест\n1. Текст.".encode("cp1251"), "UTF-8"),
    ],
)
def test_load_document_command_explains_malformed_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError) as error:
        call_command("load_document", str(path), "--slug", "bad")

    assert message.lower() in str(error.value).lower()
    assert "Nothing was changed" in str(error.value)
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_load_document_command_reads_other_encodings_when_told(tmp_path):
    path = tmp_path / "law.txt"
    path.write_bytes(LAW_V1.encode("cp1251"))

    call_command("load_document", str(path), "--slug", "law", "--encoding", "cp1251")

    assert Document.objects.get(slug="law").language == "ru"


@pytest.mark.django_db
def test_load_document_command_names_a_missing_file():
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_document", str(Path("/nonexistent/law.txt")), "--slug", "law")


@pytest.mark.django_db
def test_an_article_moved_to_another_chapter_keeps_its_provisions():
    document_load(text=LAW_V1, slug="law", language="ru")
    pks = dict(Provision.objects.values_list("key", "pk"))
    moved = LAW_V1.replace("Статья 2. Задачи", "Глава 2. Задачи сообщества\n\nСтатья 2. Задачи")

    result = document_load(text=moved, slug="law", language="ru")

    assert result.version.number == 2
    assert (result.added, result.changed, result.removed) == (0, 0, 0)
    assert dict(Provision.objects.current().values_list("key", "pk")) == pks
    article = Section.objects.current().get(key="art-2")
    assert article.parent.key == "ch-2"
    assert Section.objects.current().filter(key="ch-2").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "word"), [("kk", "Файл"), ("ru", "Файл"), ("en", "file")])
def test_loader_errors_are_translated_for_the_site(language, word):
    from django.utils import translation

    with translation.override(language), pytest.raises(LoaderError) as error:
        document_load(text="", slug="law", language="ru")

    assert word in str(error.value)
    if language != "en":
        assert "empty" not in str(error.value)
