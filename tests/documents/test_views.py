"""Reading pages: list, table of contents, section, provision permalink, in three languages."""

import pytest
from django.urls import reverse

from tests.documents.factories import document_with

LANGUAGES = ["kk", "ru", "en"]


@pytest.fixture
def law(db):
    return document_with(slug="law", language="ru", sections=3, per_section=4)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reading_page_renders_in_every_interface_language(client, law, language):
    urls = [
        f"/{language}/documents/",
        f"/{language}/documents/law/",
        f"/{language}/documents/law/s/ch-1/",
        f"/{language}/documents/law/s/art-2/",
        f"/{language}/documents/law/p/art-2.p3/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"'.encode() in response.content


@pytest.mark.django_db
def test_document_list_shows_each_act_once_with_its_texts(client, law):
    document_with(slug="law", language="kk", sections=1, per_section=1, title="Тестілік заң туралы")

    response = client.get("/kk/documents/")

    acts = response.context["acts"]
    assert [act.slug for act in acts] == ["law"]
    assert acts[0].languages == ["kk", "ru"]
    assert acts[0].primary.language == "kk"  # the interface language wins when that text exists


@pytest.mark.django_db
def test_table_of_contents_counts_provisions_through_the_tree(client, law):
    response = client.get("/en/documents/law/")

    toc = response.context["toc"]
    assert [node.section.key for node in toc.roots] == ["ch-1", "ch-2", "ch-3"]
    assert toc.roots[0].own_count == 0
    assert toc.roots[0].total_count == 4
    assert toc.roots[0].children[0].section.key == "art-1"
    assert "Статья 1. Статья о предмете 1" in response.content.decode()
    assert "4 provisions" in response.content.decode()


@pytest.mark.django_db
def test_section_page_shows_its_subtree_and_neighbours(client, law):
    response = client.get("/en/documents/law/s/ch-2/")

    blocks = response.context["blocks"]
    assert [node.section.key for node, _provisions, _notes in blocks] == ["ch-2", "art-2"]
    assert [p.key for p in blocks[1][1]] == ["art-2.p1", "art-2.p2", "art-2.p3", "art-2.p4"]
    assert response.context["previous"].key == "art-1"
    assert response.context["next"].key == "art-2"
    content = response.content.decode()
    assert 'id="art-2.p3"' in content
    assert reverse("documents:provision-detail", kwargs={"slug": "law", "key": "art-2.p3"}) in content


@pytest.mark.django_db
def test_provision_permalink_shows_the_provision_with_breadcrumbs(client, law):
    response = client.get("/ru/documents/law/p/art-3.p2/")

    assert response.context["provision"].key == "art-3.p2"
    labels = [label for label, _url in response.context["breadcrumbs"]]
    assert labels[-1] == "Пункт 2"
    assert "Текст пункта 2 статьи 3." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/en/documents/nope/", "/en/documents/law/s/nope/", "/en/documents/law/p/nope/", "/en/documents/nope/p/x/"],
)
def test_unknown_document_section_or_provision_is_404(client, law, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_unpublished_document_is_404(client, law):
    law.is_published = False
    law.save(update_fields=["is_published"])

    assert client.get("/en/documents/law/").status_code == 404
    assert client.get("/en/documents/").context["acts"] == []


@pytest.mark.django_db
def test_text_parameter_chooses_the_language_of_the_text(client, law):
    document_with(slug="law", language="en", sections=1, per_section=1, title="On the test law")

    russian = client.get("/en/documents/law/?text=ru")
    default = client.get("/en/documents/law/")

    assert russian.context["document"].language == "ru"
    assert default.context["document"].language == "en"
    assert "Unofficial translation" in default.content.decode()
    assert "Official text" in russian.content.decode()


def _count_queries(client, url, django_assert_max_num_queries, bound):
    with django_assert_max_num_queries(bound) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "bound"),
    [
        ("/en/documents/", 1),
        ("/en/documents/big/", 3),
        ("/en/documents/big/s/ch-1/", 5),
        ("/en/documents/big/p/art-1.p1/", 4),
    ],
)
def test_reading_pages_use_a_number_of_queries_that_does_not_grow(client, django_assert_max_num_queries, path, bound):
    document_with(slug="big", sections=2, per_section=2)
    small = _count_queries(client, path, django_assert_max_num_queries, bound)

    from apps.documents.models import Document

    Document.objects.filter(slug="big").delete()
    document_with(slug="big", sections=60, per_section=40)
    large = _count_queries(client, path, django_assert_max_num_queries, bound)

    assert large == small


@pytest.mark.django_db
def test_a_signed_in_reader_costs_only_the_header_queries_more(user_client, django_assert_max_num_queries):
    document_with(slug="big", sections=30, per_section=10)

    # session, user, staff-role check, unread notifications
    with django_assert_max_num_queries(5 + 4):
        assert user_client.get("/en/documents/big/s/ch-1/").status_code == 200
