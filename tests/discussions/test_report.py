"""The report of a public discussion: officials answer each suggested wording after the deadline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from apps.discussions.models import SuggestionResponse
from apps.discussions.services import comment_create, suggestion_respond
from apps.documents.models import Document, Provision
from apps.documents.services import provision_thread
from apps.territories.models import StaffRole
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with
from tests.territories.factories import StaffRoleFactory, build_tree
from tests.territories.test_views import staff_client


@pytest.fixture
def discussed(db):
    tree = build_tree()
    document = document_with(slug="draft", sections=1, per_section=2)
    Document.objects.filter(pk=document.pk).update(
        territory=tree.district, discussion_until=timezone.localdate() + datetime.timedelta(days=3)
    )
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    suggestion = comment_create(actor=UserFactory(), thread=thread, body="Say *community*.", stance="suggestion")
    opinion = comment_create(actor=UserFactory(), thread=thread, body="Good", stance="for")
    return tree, document, suggestion, opinion


def close(document):
    Document.objects.filter(pk=document.pk).update(discussion_until=timezone.localdate() - datetime.timedelta(days=1))


def test_answers_wait_for_the_end_of_the_discussion(discussed):
    tree, document, suggestion, _opinion = discussed
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user

    with pytest.raises(ValidationError) as error:
        suggestion_respond(actor=official, comment=suggestion, decision="accepted", reason="Fine")
    assert error.value.code == "open"

    close(document)
    response = suggestion_respond(actor=official, comment=suggestion, decision="partly", reason="In point 2 only")

    assert (response.decision, response.responder) == ("partly", official)
    again = suggestion_respond(actor=official, comment=suggestion, decision="accepted", reason="Taken in full")
    assert SuggestionResponse.objects.get().decision == "accepted" and again.pk == response.pk


def test_only_officials_of_the_territory_answer_and_only_suggestions(discussed):
    tree, document, suggestion, opinion = discussed
    close(document)
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user

    for refused in (
        StaffRoleFactory(territory=tree.district, role=StaffRole.Role.MODERATOR).user,
        StaffRoleFactory(territory=tree.neighbour_district, role=StaffRole.Role.OFFICIAL).user,
        UserFactory(),
    ):
        with pytest.raises(PermissionDenied):
            suggestion_respond(actor=refused, comment=suggestion, decision="declined", reason="No")
    with pytest.raises(PermissionDenied, match="Only visible suggestions"):
        suggestion_respond(actor=official, comment=opinion, decision="declined", reason="No")
    with pytest.raises(ValidationError):
        suggestion_respond(actor=official, comment=suggestion, decision="maybe", reason="No")
    with pytest.raises(ValidationError):
        suggestion_respond(actor=official, comment=suggestion, decision="declined", reason=" ")
    assert not SuggestionResponse.objects.exists()


def test_the_public_report_and_the_comment_show_the_answer(discussed):
    tree, document, suggestion, _opinion = discussed
    close(document)
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user
    suggestion_respond(actor=official, comment=suggestion, decision="declined", reason="Conflicts with the Budget Code")

    report = Client().get("/en/documents/draft/report/")
    provision_page = Client().get("/en/documents/draft/p/art-1.p1/").content.decode()

    assert [c.pk for c in report.context["suggestions"]] == [suggestion.pk]
    assert report.context["answered"] == 1
    assert "Conflicts with the Budget Code" in report.content.decode()
    assert "Conflicts with the Budget Code" in provision_page and "Declined" in provision_page


def test_officials_answer_from_the_staff_page(discussed):
    tree, document, suggestion, _opinion = discussed
    close(document)
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user
    client = staff_client(official)

    assert [c.pk for c in client.get("/en/staff/documents/draft/report/").context["suggestions"]] == [suggestion.pk]
    response = client.post(
        "/en/staff/documents/draft/report/", {"comment": suggestion.pk, "decision": "accepted", "reason": "Taken"}
    )

    assert response.status_code == 302
    assert SuggestionResponse.objects.get(comment=suggestion).decision == "accepted"
    resident = Client()
    resident.force_login(UserFactory())
    assert resident.get("/en/staff/documents/draft/report/").status_code == 403


@pytest.mark.usefixtures("discussed")
def test_report_page_queries_do_not_grow(django_assert_max_num_queries):
    counts = []
    for extra in (0, 40):
        thread = provision_thread(provision=Provision.objects.get(key="art-1.p2"))
        for n in range(extra):
            comment_create(actor=UserFactory(), thread=thread, body=f"s{n}", stance="suggestion")
        with django_assert_max_num_queries(4) as captured:
            assert Client().get("/en/documents/draft/report/").status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
