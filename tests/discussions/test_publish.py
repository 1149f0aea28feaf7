"""Officials and administrators publish draft acts for public discussion."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.documents.loader import LoaderError
from apps.documents.models import Document
from apps.documents.services import document_publish_for_discussion
from apps.territories.models import StaffRole
from tests.territories.factories import StaffRoleFactory, build_tree
from tests.territories.test_views import staff_client

SAMPLE = (Path(__file__).parents[1] / "documents" / "samples" / "maslikhat_decision_ru.txt").read_bytes()
NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def tree(db):
    return build_tree()


def publish(actor, territory, until=NEXT_MONTH, data=SAMPLE, slug="budget-2027"):
    return document_publish_for_discussion(
        actor=actor, data=data, filename="decision.txt", slug=slug, language="ru", territory=territory, until=until
    )


def test_an_official_publishes_a_local_draft(tree):
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user

    result = publish(official, tree.village)

    document = Document.objects.get(slug="budget-2027")
    assert document.territory == tree.village and document.discussion_until == NEXT_MONTH
    assert document.is_open_for_comments and result.provisions > 0
    assert document.versions.get().loaded_by == official


@pytest.mark.parametrize("role", [StaffRole.Role.MODERATOR])
def test_moderators_neighbours_and_residents_may_not_publish(tree, role):
    from tests.accounts.factories import UserFactory

    for actor, territory in (
        (StaffRoleFactory(territory=tree.district, role=role).user, tree.district),
        (StaffRoleFactory(territory=tree.neighbour_district, role=StaffRole.Role.OFFICIAL).user, tree.village),
        (StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user, None),  # national act
        (UserFactory(), tree.village),
    ):
        with pytest.raises(PermissionDenied):
            publish(actor, territory)
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("until", "data"),
    [(timezone.localdate(), SAMPLE), (NEXT_MONTH, b""), (NEXT_MONTH, "Решение\n1. Пункт".encode("cp1251"))],
)
def test_bad_dates_and_files_are_refused_and_nothing_is_written(tree, until, data):
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user

    with pytest.raises(LoaderError):
        publish(admin, tree.district, until=until, data=data)

    assert not Document.objects.exists()


def test_the_staff_page_publishes_and_shows_the_countdown(tree):
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user
    client = staff_client(official)

    response = client.post(
        "/en/staff/documents/new/",
        {
            "file": SimpleUploadedFile("decision.txt", SAMPLE, content_type="text/plain"),
            "slug": "budget-2027",
            "language": "ru",
            "territory": "113000000",
            "discussion_until": NEXT_MONTH.isoformat(),
        },
    )

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "30 days left" in page


def test_the_staff_page_explains_refusals(tree):
    moderator = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.MODERATOR).user

    response = staff_client(moderator).post(
        "/en/staff/documents/new/",
        {
            "file": SimpleUploadedFile("decision.pdf", b"%PDF-1.4", content_type="application/pdf"),
            "slug": "x",
            "language": "ru",
            "territory": "113000000",
            "discussion_until": NEXT_MONTH.isoformat(),
        },
    )

    assert response.status_code == 200
    assert "Upload a .txt or .md file." in response.context["form"].errors["file"]
    assert not Document.objects.exists()
