"""Benchmarks: loading a large act and serving the reading pages, territories, proposals and initiatives.

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
        proposals(client)
        initiatives(client)
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


def proposals(client, count: int = 10_000, votes: int = 100_000, voters: int = 2_000) -> None:
    """10,000 proposals in Akmola region's villages and 100,000 votes: the list, search and a proposal."""
    import datetime
    import random

    from django.contrib.auth.hashers import make_password
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.proposals.models import Category, Proposal, Vote
    from apps.territories.models import Residency, Territory

    chooser = random.Random(7)  # noqa: S311 (repeatable test data, not secrets)
    region = Territory.objects.get(kato_code="110000000")
    villages = list(Territory.objects.filter(path__startswith=region.path, kind="village")[:500])
    password = make_password(None)
    people = User.objects.bulk_create(
        User(email=f"voter{n}@bench.kz", display_name=f"Voter {n}", password=password) for n in range(voters)
    )
    home = villages[0].parent
    Residency.objects.bulk_create(
        Residency(user=u, territory=home, status="verified", iin_hash=f"{n:064d}", iin_last4="0000")
        for n, u in enumerate(people)
    )
    words = ["освещение", "дорога", "ремонт", "школа", "вода", "парк", "автобус", "площадка", "мост", "свалка"]
    start = time.perf_counter()
    now = timezone.now()
    rows = []
    for n in range(count):
        title = f"{chooser.choice(words).capitalize()} {chooser.choice(words)} № {n}"
        body = " ".join(chooser.choice(words) for _ in range(40))
        rows.append(
            Proposal(
                territory=chooser.choice(villages),
                author=chooser.choice(people),
                title=title,
                body=body,
                body_html=f"<p>{body}</p>",
                category=chooser.choice(Category.values),
                status=chooser.choice(["published"] * 8 + ["threshold_reached", "accepted"]),
                vote_threshold=50,
                published_at=now - datetime.timedelta(days=chooser.randint(0, 80)),
                voting_until=now + datetime.timedelta(days=10),
                search_text=f"{title}\n{body}".casefold(),
            )
        )
    created = Proposal.objects.bulk_create(rows, batch_size=2000)
    pairs = set()
    while len(pairs) < votes:  # a skewed spread: a few proposals collect most votes
        popular = chooser.random() < 0.3
        proposal = created[min(int(chooser.paretovariate(1.2)) - 1, count - 1)] if popular else chooser.choice(created)
        pairs.add((proposal.pk, chooser.choice(people).pk))
    keys = {person.pk: f"{n:064d}" for n, person in enumerate(people)}  # their residencies' fingerprints

    def vote(proposal_id: int, user_id: int) -> Vote:
        when = now - datetime.timedelta(days=chooser.uniform(0, 80))  # about a tenth within the trending week
        choice = "for" if chooser.random() < 0.8 else "against"
        return Vote(
            proposal_id=proposal_id,
            user_id=user_id,
            person_key=keys[user_id],
            choice=choice,
            created_at=when,
            updated_at=when,
        )

    Vote.objects.bulk_create((vote(p, u) for p, u in sorted(pairs)), batch_size=5000)

    def counted(choice):
        return Coalesce(
            Subquery(
                Vote.objects.filter(proposal=OuterRef("pk"), choice=choice)
                .values("proposal")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )

    Proposal.objects.update(votes_for=counted("for"), votes_against=counted("against"))
    if connection.vendor == "postgresql":  # the same vector as apps.proposals.services keeps per proposal
        from django.contrib.postgres.search import SearchVector

        Proposal.objects.update(
            search_vector=SearchVector("title", config="russian", weight="A")
            + SearchVector("body", config="russian", weight="B")
            + SearchVector("title", "body", config="simple", weight="C")
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"proposals: {count:,} proposals and {Vote.objects.count():,} votes made in {time.perf_counter() - start:.1f} s"
    )
    top = Proposal.objects.order_by("-votes_for").first()
    district = villages[0].parent.parent
    pages = {
        "proposals, whole country (most votes)": "/en/proposals/",
        "proposals, a region, newest": f"/en/proposals/?territory={region.kato_code}&sort=newest",
        "proposals, a region, trending (votes in 7 days)": f"/en/proposals/?territory={region.kato_code}&sort=trending",
        "proposals, a district, category filter": f"/en/proposals/?territory={district.kato_code}&category=roads",
        "proposals, search": "/en/proposals/?q=освещение+школа",
        "proposals, page 200": "/en/proposals/?page=200",
        f"a proposal with {top.votes_for + top.votes_against:,} votes": f"/en/proposals/{top.pk}/",
        "a region's page with its top proposals": f"/en/territories/{region.kato_code}/",
    }
    for name, url in pages.items():
        client.get(url)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        median = timed(lambda url=url: client.get(url), 5)
        print(f"GET {name}: {median * 1000:.1f} ms median, {len(queries.captured_queries)} queries")


def initiatives(client, count: int = 10_000, updates: int = 50_000) -> None:
    """10,000 initiatives (Akmola region and elsewhere) and 50,000 progress updates: list, an initiative, ledger."""
    import datetime
    import random
    from collections import Counter
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.discussions.models import Thread
    from apps.initiatives.models import FundingSource, Initiative, Milestone, ProgressUpdate, UpdatePhoto
    from apps.proposals.models import Category, OfficialResponse, Proposal
    from apps.territories.models import Territory

    chooser = random.Random(11)  # noqa: S311 (repeatable test data, not secrets)
    region = Territory.objects.get(kato_code="110000000")
    # The proposals' villages of Akmola region, as many elsewhere, and the districts above them.
    villages = Territory.objects.filter(kind="village").select_related("parent")
    akmola = list(villages.filter(path__startswith=region.path)[:500])
    elsewhere = chooser.sample(list(villages.exclude(path__startswith=region.path)), 500)
    districts = list(Territory.objects.filter(kind="district", pk__in=[v.parent.parent_id for v in akmola + elsewhere]))
    places = akmola + elsewhere + districts
    official = User.objects.create(
        email="official@bench.kz", display_name="Bench Official", password=make_password(None)
    )
    # Accepted proposals carried out by the first initiatives (the ledger's "carried out" and "done").
    accepted = list(Proposal.objects.filter(status="accepted").select_related("territory").order_by("pk"))
    linked = accepted[: len(accepted) * 4 // 5]
    # Accepted proposals always carry the akimat's response (the ledger's "answered"); the proposal rows above
    # were made without one.
    OfficialResponse.objects.bulk_create(
        (
            OfficialResponse(proposal=proposal, author=official, body="Принято.", body_html="<p>Принято.</p>")
            for proposal in accepted
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    start = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    # Who gets the updates: about five each, and a skewed few (the busiest one has several hundred).
    popular = [min(int(chooser.paretovariate(1.2)) - 1, count - 1) for _ in range(updates // 50)]
    owners = sorted(popular + [chooser.randrange(count) for _ in range(updates - len(popular))])
    reported = [now - datetime.timedelta(days=chooser.uniform(0, 365)) for _ in owners]
    latest: dict[int, datetime.datetime] = {}
    for index, when in zip(owners, reported, strict=True):
        latest[index] = max(when, latest.get(index, when))
    statuses = ["planned"] * 15 + ["in_progress"] * 45 + ["delayed"] * 10 + ["completed"] * 25
    statuses += ["disputed"] * 2 + ["cancelled"] * 3
    words = ["освещение", "дорога", "ремонт", "школа", "вода", "парк", "крыша", "площадка", "мост", "клуб"]
    threads = Thread.objects.bulk_create((Thread() for _ in range(count)), batch_size=2000)
    rows = []
    for n in range(count):
        territory = linked[n].territory if n < len(linked) else chooser.choice(places)
        status = chooser.choice(statuses)
        due = today + datetime.timedelta(days=chooser.randint(-300, 300))
        planned = Decimal(chooser.randrange(500_000, 150_000_000, 10_000))
        done = status in ("completed", "disputed")
        percent = 100 if done else (0 if status == "planned" else chooser.randint(5, 95))
        description = " ".join(chooser.choice(words) for _ in range(40))
        rows.append(
            Initiative(
                territory=territory,
                title=f"{chooser.choice(words).capitalize()} {chooser.choice(words)} № {n}",
                description=description,
                description_html=f"<p>{description}</p>",
                category=chooser.choice(Category.values),
                responsible_body=f"Аппарат акима № {n % 300}",
                contractor=f"ТОО «Подрядчик {n % 700}»",
                budget_planned=planned,
                budget_spent=(planned * percent / 100).quantize(Decimal(1)),
                funding_source=chooser.choice(FundingSource.values),
                budget_programme="124-011",
                start_date=due - datetime.timedelta(days=chooser.randint(30, 200)),
                due_date=due,
                status=status,
                percent=percent,
                thread=threads[n],
                created_by=official,
                last_update_at=latest.get(n, now - datetime.timedelta(days=chooser.uniform(0, 365))),
                completed_at=now - datetime.timedelta(days=chooser.randint(0, 200)) if done else None,
                confirmations=chooser.randint(0, 40) if done else 0,
                disputes=chooser.randint(5, 30) if status == "disputed" else (chooser.randint(0, 4) if done else 0),
            )
        )
    created = Initiative.objects.bulk_create(rows, batch_size=2000)
    Initiative.proposals.through.objects.bulk_create(
        (
            Initiative.proposals.through(initiative_id=initiative.pk, proposal_id=proposal.pk)
            for initiative, proposal in zip(created, linked, strict=False)
        ),
        batch_size=5000,
    )
    milestones = []
    for initiative in created[::3]:  # a third have three milestones; an open one's first may be overdue
        for order in range(3):
            days = (initiative.due_date - initiative.start_date).days * (order + 1) // 3
            due = initiative.start_date + datetime.timedelta(days=days)
            finished = initiative.status in ("completed", "disputed") or chooser.random() < 0.5
            milestones.append(
                Milestone(
                    initiative=initiative,
                    title=f"Этап {order + 1}",
                    due_date=due,
                    done_on=min(due, today) if finished else None,
                    order=order,
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=5000)

    def update(index: int, when: datetime.datetime) -> ProgressUpdate:
        body = " ".join(chooser.choice(words) for _ in range(30))
        return ProgressUpdate(
            initiative_id=created[index].pk,
            author=official,
            body=body,
            body_html=f"<p>{body}</p>",
            percent=chooser.randint(0, 100),
            spent=Decimal(chooser.randrange(0, 10_000_000, 1_000)),
            reported_on=timezone.localdate(when),
            created_at=when,
        )

    made = ProgressUpdate.objects.bulk_create(
        (update(index, when) for index, when in zip(owners, reported, strict=True)), batch_size=5000
    )
    # A photo on every fifth update (rows only: the pages link to photos, they do not open the files).
    UpdatePhoto.objects.bulk_create(
        (
            UpdatePhoto(
                update=item, image=f"bench/{item.pk}.jpg", thumbnail=f"bench/{item.pk}.t.jpg", width=800, height=600
            )
            for item in made[::5]
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"initiatives: {count:,} initiatives, {ProgressUpdate.objects.count():,} updates and "
        f"{len(milestones):,} milestones made in {time.perf_counter() - start:.1f} s"
    )
    top, most = Counter(owners).most_common(1)[0]
    district = akmola[0].parent.parent
    pages = {
        "initiatives, whole country (latest update)": "/kk/initiatives/",
        "initiatives, a region": f"/kk/initiatives/?territory={region.kato_code}",
        "initiatives, delayed (status or dates)": "/kk/initiatives/?delayed=1",
        f"an initiative with {most:,} updates": f"/kk/initiatives/{created[top].pk}/",
        "ledger, a region (12 months of proposals)": f"/kk/initiatives/ledger/{region.kato_code}/",
        "ledger, a district": f"/kk/initiatives/ledger/{district.kato_code}/",
    }
    for name, url in pages.items():
        client.get(url)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        median = timed(lambda url=url: client.get(url), 5)
        print(f"GET {name}: {median * 1000:.1f} ms median, {len(queries.captured_queries)} queries")


if __name__ == "__main__":
    main()
