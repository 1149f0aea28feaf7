"""The territory search page: same-named places told apart by their district and region, grouped by level, first."""

import re

import pytest

from apps.territories.importers import TerritoryRow
from apps.territories.services import territories_import

# Three «Ақбұлақ а.о.» in two regions, their villages, a district of the same name, and a village
# coded directly under a city administration (depth 3, like a rural district, but a village).
TREE = [
    ("000000000", None, "country", "Қазақстан Республикасы", "Республика Казахстан", "Republic of Kazakhstan"),
    ("110000000", "000000000", "oblast", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    ("113400000", "110000000", "district", "Зеренді ауданы", "Зерендинский район", ""),
    ("113431000", "113400000", "rural_district", "Ақбұлақ а.о.", "Акбулакский с.о.", ""),
    ("113431100", "113431000", "village", "Ақбұлақ а.", "с.Акбулак", ""),
    ("113000000", "110000000", "district", "Аршалы ауданы", "Аршалынский район", ""),
    ("113037000", "113000000", "rural_district", "Ақбұлақ а.о.", "Акбулакский с.о.", ""),
    ("113037100", "113037000", "village", "Ақбұлақ а.", "с.Акбулак", ""),
    ("111000000", "110000000", "city_oblast", "Көкшетау Қ.Ә.", "Кокшетау Г.А.", ""),
    ("111000200", "111000000", "village", "Ақбұлақ а.", "с.Акбулак", ""),
    ("150000000", "000000000", "oblast", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    ("155600000", "150000000", "district", "Мұғалжар ауданы", "Мугалжарский район", ""),
    ("155671000", "155600000", "rural_district", "Ақбұлақ а.о.", "с.о.Акбулак", ""),
    ("155800000", "150000000", "district", "Ақбұлақ ауданы", "Акбулакский район", ""),
]


@pytest.fixture
def places(db):
    territories_import(rows=[TerritoryRow(i + 2, *row) for i, row in enumerate(TREE)])


def _hits(response):
    groups = response.context["result_groups"]
    return [(group.label, [hit.territory.kato_code for hit in group.hits]) for group in groups]


def _results_section(page: str) -> str:
    start = page.index('<section class="search-results"')
    return page[start : page.index("</section>", start)]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_each_result_names_its_district_and_region(client, places):
    page = client.get("/en/territories/", {"q": "Akbulak"}).content.decode()

    text = _text(_results_section(page))
    assert "Akbulak rural district — Zerendi district, Akmola Region" in text
    assert "Akbulak rural district — Arshaly district, Akmola Region" in text
    assert "Akbulak rural district — Mugalzhar district, Aktobe Region" in text
    assert "Akbulak village — Akbulak rural district, Zerendi district, Akmola Region" in text
    assert "Akbulak village — Kokshetau city administration, Akmola Region" in text
    # The Republic is above everything and names nothing.
    assert "Republic of Kazakhstan" not in text


def test_results_name_their_district_and_region_in_russian_and_kazakh(client, places):
    ru = _text(_results_section(client.get("/ru/territories/", {"q": "Акбулак"}).content.decode()))
    kk = _text(_results_section(client.get("/kk/territories/", {"q": "Ақбұлақ"}).content.decode()))

    assert "Акбулакский сельский округ — Зерендинский район, Акмолинская область" in ru
    assert "с. Акбулак — Акбулакский сельский округ, Аршалынский район, Акмолинская область" in ru
    assert "Ақбұлақ ауылдық округі — Мұғалжар ауданы, Ақтөбе облысы" in kk
    assert "Ақбұлақ ауылы — Көкшетау қалалық әкімшілігі, Ақмола облысы" in kk


def test_results_are_grouped_by_level_from_the_top(client, places):
    response = client.get("/en/territories/", {"q": "Ақбұлақ"})

    assert _hits(response) == [
        ("Districts and cities", ["155800000"]),
        ("Rural districts and settlements", ["113037000", "113431000", "155671000"]),
        # The village under the city administration is as deep as a rural district, but a village.
        ("Villages and other localities", ["111000200", "113037100", "113431100"]),
    ]
    assert [t.kato_code for t in response.context["results"]] == [
        code for _label, codes in _hits(response) for code in codes
    ]
    page = response.content.decode()
    headings = [page.index(f">{label}</h3>") for label, _codes in _hits(response)]
    assert headings == sorted(headings)


def test_results_come_first_and_the_region_list_folds_below_them(client, places):
    page = client.get("/en/territories/", {"q": "Akbulak"}).content.decode()

    form, results, regions = (
        page.index('role="search"'),
        page.index('id="results-heading"'),
        page.index("Aktobe Region</a></h3>"),
    )
    assert form < results < regions
    # Folded: the region list does not push the results down, nor follow them open.
    details = page[page.rindex("<details", 0, regions) : regions]
    assert 'class="card details region-list"' in details and " open" not in details
    first_hit = page.index('class="search-hit"')
    assert results < first_hit < regions


def test_nothing_found_opens_the_region_list(client, places):
    page = client.get("/en/territories/", {"q": "Qwertyuiop"}).content.decode()

    assert "Nothing found" in page
    assert '<details class="card details region-list" open>' in page


def test_without_a_query_the_region_list_is_the_page(client, places):
    response = client.get("/en/territories/")
    page = response.content.decode()

    assert response.context["results"] is None
    assert 'id="regions-heading"' in page and 'class="card details region-list"' not in page
    assert page.index('role="search"') < page.index("Akmola Region</a></h3>")


def test_english_pages_show_latin_names(client, places):
    section = _results_section(client.get("/en/territories/", {"q": "Akbulak"}).content.decode())
    assert "Akbulak rural district" in section
    assert not re.search(r"[\u0400-\u04ff]", _text(section)), _text(section)

    detail = client.get("/en/territories/113431100/")
    page = detail.content.decode()
    assert '<h1 class="page-header__title">Akbulak village</h1>' in page
    labels = [label for label, _url in detail.context["breadcrumbs"]]
    assert labels[2:] == ["Akmola Region", "Zerendi district", "Akbulak rural district", "Akbulak village"]
    # The classifier's names stay shown as they are, in their own languages.
    assert '<dd lang="kk">Ақбұлақ а.</dd>' in page and '<dd lang="ru">с.Акбулак</dd>' in page


def test_a_long_list_says_it_is_cut(client, places):
    rows = [
        TerritoryRow(n, f"1134{n + 40:02d}000", "113400000", "rural_district", "Ақбұлақ а.о.", "Акбулакский с.о.", "")
        for n in range(25)
    ]
    territories_import(rows=rows)

    response = client.get("/en/territories/", {"q": "Akbulak"})

    assert len(response.context["results"]) == 20
    assert "Only the first 20 places found are shown." in response.content.decode()


def _count(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "url", ["/en/territories/?q=Ақбұлақ", "/kk/territories/?q=Akbulak", "/ru/territories/?q=Акбулак"]
)
def test_search_queries_do_not_grow_with_same_named_results(client, places, django_assert_max_num_queries, url):
    small = _count(client, url, django_assert_max_num_queries)
    # Fifteen more «Ақбұлақ а.о.» with a village each, in fifteen more districts of two regions.
    extra = []
    for n in range(15):
        region = "110000000" if n % 2 else "150000000"
        district = f"{region[:2]}{n + 10:02d}00000"
        extra += [
            TerritoryRow(n, district, region, "district", f"Аудан {n} ауданы", f"Район {n}", ""),
            TerritoryRow(n, f"{district[:4]}31000", district, "rural_district", "Ақбұлақ а.о.", "Акбулакский с.о.", ""),
            TerritoryRow(n, f"{district[:4]}31100", f"{district[:4]}31000", "village", "Ақбұлақ а.", "с.Акбулак", ""),
        ]
    summary = territories_import(rows=extra)
    assert summary.refused == []

    response_large = _count(client, url, django_assert_max_num_queries)
    # Never more: on PostgreSQL a full page of substring matches even skips the trigram queries.
    assert response_large <= small
    hits = client.get(url).context["result_groups"]
    assert sum(len(group.hits) for group in hits) == 20
