"""Benchmarks: loading a large act and serving the reading pages.

    make bench            # SQLite, or PostgreSQL with DATABASE_URL set

Runs against a throwaway test database (created and dropped here), prints
wall-clock timings (median of several runs) and the number of SQL queries per
page. Results and how to read them: docs/benchmarks.md.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def synthetic_law(articles: int, points: int) -> str:
    """A Russian law with chapters of 10 articles, each with points and subpoints."""
    lines = ["ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН", "", "О синтетическом законе для измерений", ""]
    for article in range(1, articles + 1):
        if article % 10 == 1:
            lines += [f"Глава {article // 10 + 1}. Глава номер {article // 10 + 1}", ""]
        lines += [f"Статья {article}. Статья номер {article}", ""]
        for point in range(1, points + 1):
            lines.append(f"{point}. Пункт {point} статьи {article} устанавливает порядок участия жителей:")
            lines += [f"{sub}) подпункт {sub} пункта {point};" for sub in range(1, 3)]
        lines.append("")
    return "\n".join(lines)


def timed(function, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    from apps.documents.loader import parse_text
    from apps.documents.models import Provision
    from apps.documents.services import document_load

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        text = synthetic_law(articles=1000, points=5)
        print(f"database: {connection.vendor}; synthetic law: {len(text):,} characters")
        parse_ms = timed(lambda: parse_text(text, language="ru"), 3) * 1000
        print(f"parse (1,000 articles, 15,000 provisions): {parse_ms:.0f} ms")
        start = time.perf_counter()
        document_load(text=text, slug="bench", language="ru")
        print(f"first load: {(time.perf_counter() - start) * 1000:.0f} ms, {Provision.objects.count():,} provisions")
        reload_ms = timed(lambda: document_load(text=text, slug="bench", language="ru"), 3) * 1000
        print(f"reload, unchanged: {reload_ms:.0f} ms")
        changed = text.replace("Пункт 1 статьи 500 ", "Изменённый пункт 1 статьи 500 ")
        start = time.perf_counter()
        document_load(text=changed, slug="bench", language="ru")
        print(f"reload, one provision changed: {(time.perf_counter() - start) * 1000:.0f} ms")

        client = Client()
        pages = {
            "document list": "/en/documents/",
            "table of contents (100 chapters, 1,000 articles)": "/en/documents/bench/",
            "section (chapter of 10 articles)": "/en/documents/bench/s/ch-50/",
            "provision permalink": "/en/documents/bench/p/art-500.p1/",
        }
        for name, url in pages.items():
            client.get(url)  # warm caches (templates, translations)
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            median = timed(lambda url=url: client.get(url), 10)
            print(f"GET {name}: {median * 1000:.1f} ms median, {len(queries.captured_queries)} queries")
        territories(client)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def territories(client) -> None:
    """The whole KATO classifier: import, unchanged reload, pages and search."""
    from apps.territories.importers import read_territories
    from apps.territories.reference import KATO_CSV
    from apps.territories.services import territories_import

    start = time.perf_counter()
    rows = read_territories(KATO_CSV).rows
    read_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    territories_import(rows=rows)
    import_ms = (time.perf_counter() - start) * 1000
    print(f"territories: read {len(rows):,} rows {read_ms:.0f} ms, first import {import_ms:.0f} ms")
    print(f"territories: reload unchanged {timed(lambda: territories_import(rows=rows), 3) * 1000:.0f} ms")
    pages = {
        "territories index": "/en/territories/",
        "a region (17 districts)": "/en/territories/110000000/",
        "a village": "/en/territories/113433200/",
        "search, exact": "/en/territories/?q=Жалтырколь",
        "search, with a typo": "/en/territories/?q=Жалтырколл",
    }
    for name, url in pages.items():
        client.get(url)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        median = timed(lambda url=url: client.get(url), 10)
        print(f"GET {name}: {median * 1000:.1f} ms median, {len(queries.captured_queries)} queries")


if __name__ == "__main__":
    main()
