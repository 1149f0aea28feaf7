"""Reports, automatic hiding, moderators' decisions with reasons, scope and the audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.discussions.models import Comment
from apps.discussions.services import comment_create, thread_recount
from apps.documents.models import Document, Provision
from apps.documents.services import provision_thread
from apps.moderation.models import ModerationAction, Report
from apps.moderation.services import comment_hide, comment_report, comment_restore
from apps.territories.models import StaffRole
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with
from tests.proposals.factories import resident
from tests.territories.factories import StaffRoleFactory, build_tree
from tests.territories.test_views import staff_client


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture
def national_comment(tree):
    """A comment on a national act (no territory: moderated from the Republic)."""
    document = document_with(slug="concept", sections=1, per_section=1)
    thread = provision_thread(provision=Provision.objects.get(document=document))
    return comment_create(actor=UserFactory(), thread=thread, body="Rude words", stance="against")


@pytest.fixture
def local_comment(tree):
    """A comment on a draft decision of the district's maslikhat."""
    document = document_with(slug="district-decision", sections=1, per_section=1)
    Document.objects.filter(pk=document.pk).update(territory=tree.district)
    thread = provision_thread(provision=Provision.objects.get(document=document))
    return comment_create(actor=UserFactory(), thread=thread, body="Local remark", stance="for")


def counts(comment):
    thread = comment.thread
    thread.refresh_from_db()
    return thread.comment_count, thread.against_count + thread.for_count


def test_three_reports_from_different_residents_hide_a_comment(national_comment, tree):
    comment_report(actor=resident(tree.village), comment=national_comment, reason="abuse")
    comment_report(actor=resident(tree.village), comment=national_comment, reason="spam")
    national_comment.refresh_from_db()
    assert national_comment.status == Comment.Status.VISIBLE

    comment_report(actor=resident(tree.village), comment=national_comment, reason="off_topic")

    national_comment.refresh_from_db()
    assert national_comment.status == Comment.Status.HIDDEN
    action = ModerationAction.objects.get()
    assert action.action == "auto_hide" and action.actor is None
    assert counts(national_comment) == (0, 0)
    before = counts(national_comment)
    thread_recount(thread=national_comment.thread)
    assert counts(national_comment) == before


@pytest.mark.parametrize(
    ("who", "reason", "text", "error"),
    [
        ("author", "spam", "", PermissionDenied),
        ("unverified", "spam", "", PermissionDenied),
        ("reader", "nonsense", "", ValidationError),
        ("reader", "other", "", ValidationError),
    ],
)
def test_bad_reports_are_refused(national_comment, who, reason, text, error):
    actor = {
        "author": national_comment.author,
        "unverified": UserFactory(verified=False),
        "reader": UserFactory(),
    }[who]

    with pytest.raises(error):
        comment_report(actor=actor, comment=national_comment, reason=reason, text=text)

    assert not Report.objects.exists()


def test_reports_from_accounts_with_only_an_e_mail_do_not_hide_a_comment(national_comment, tree):
    for reason in ("abuse", "spam", "off_topic", "abuse"):
        comment_report(actor=UserFactory(), comment=national_comment, reason=reason)

    national_comment.refresh_from_db()
    assert national_comment.status == Comment.Status.VISIBLE
    assert Report.objects.filter(comment=national_comment, status=Report.Status.OPEN).count() == 4


def test_an_answer_of_akimat_staff_is_never_hidden_automatically(tree):
    document = document_with(slug="concept", sections=1, per_section=1)
    thread = provision_thread(provision=Provision.objects.get(document=document))
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user
    answer = comment_create(actor=official, thread=thread, body="The akimat will repair it", stance="for")

    for reason in ("abuse", "spam", "off_topic"):
        comment_report(actor=resident(tree.village), comment=answer, reason=reason)

    answer.refresh_from_db()
    assert answer.status == Comment.Status.VISIBLE


def test_one_report_per_person(national_comment):
    reader = UserFactory()
    comment_report(actor=reader, comment=national_comment, reason="spam")

    with pytest.raises(ValidationError) as error:
        comment_report(actor=reader, comment=national_comment, reason="abuse")

    assert error.value.code == "duplicate"
    assert Report.objects.count() == 1


def test_national_moderators_decide_on_national_documents(national_comment, tree):
    national = StaffRoleFactory(territory=tree.republic).user
    district = StaffRoleFactory(territory=tree.district).user
    official = StaffRoleFactory(territory=tree.republic, role=StaffRole.Role.OFFICIAL).user

    for refused in (district, official, UserFactory()):
        with pytest.raises(PermissionDenied):
            comment_hide(actor=refused, comment=national_comment, reason="Abuse")
    hidden = comment_hide(actor=national, comment=national_comment, reason="Insults other residents")

    assert hidden.status == Comment.Status.HIDDEN
    assert ModerationAction.objects.get().actor == national


def test_local_documents_are_moderated_in_their_territory(local_comment, tree):
    district = StaffRoleFactory(territory=tree.district).user
    neighbour = StaffRoleFactory(territory=tree.neighbour_district).user
    below = StaffRoleFactory(territory=tree.rural_district).user

    for refused in (neighbour, below):
        with pytest.raises(PermissionDenied):
            comment_hide(actor=refused, comment=local_comment, reason="x")
    comment_hide(actor=district, comment=local_comment, reason="Personal data")
    restored = comment_restore(actor=district, comment=local_comment, reason="The author removed the phone number")

    assert restored.status == Comment.Status.VISIBLE
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == ["hide", "restore"]
    assert counts(local_comment) == (1, 1)


def test_decisions_need_a_reason_and_resolve_the_reports(local_comment, tree):
    district = StaffRoleFactory(territory=tree.district).user
    comment_report(actor=UserFactory(), comment=local_comment, reason="spam")

    with pytest.raises(ValidationError):
        comment_hide(actor=district, comment=local_comment, reason="  ")
    comment_restore(actor=district, comment=local_comment, reason="Not spam")

    assert Report.objects.get().status == Report.Status.RESOLVED
    assert ModerationAction.objects.get().action == "dismiss"


def test_the_author_sees_why_and_others_see_a_placeholder(national_comment, tree):
    from django.test import Client

    moderator = StaffRoleFactory(territory=tree.republic).user
    comment_hide(actor=moderator, comment=national_comment, reason="Insults other residents")
    url = "/en/documents/concept/p/art-1.p1/"
    author_client = Client()
    author_client.force_login(national_comment.author)

    mine = author_client.get(url).content.decode()
    public = Client().get(url).content.decode()

    assert "Insults other residents" in mine and "Rude words" not in mine
    assert "hidden by a moderator" in public and "Insults other residents" not in public


def test_queue_is_scoped_needs_mfa_and_records_decisions(
    local_comment, national_comment, tree, django_assert_max_num_queries
):
    comment_report(actor=UserFactory(), comment=local_comment, reason="spam")
    comment_report(actor=UserFactory(), comment=national_comment, reason="abuse")
    district = StaffRoleFactory(territory=tree.district).user
    client = staff_client(district)

    with django_assert_max_num_queries(15):
        queue = client.get("/en/staff/moderation/")
    assert [c.pk for c in queue.context["page_obj"]] == [local_comment.pk]
    assert (
        client.post(
            f"/en/staff/moderation/comments/{national_comment.pk}/decide/", {"action": "hide", "reason": "x"}
        ).status_code
        == 404  # outside the moderator's territories: as if it did not exist
    )
    client.post(
        f"/en/staff/moderation/comments/{local_comment.pk}/decide/", {"action": "hide", "reason": "Advertising"}
    )

    local_comment.refresh_from_db()
    assert local_comment.status == Comment.Status.HIDDEN
    log = client.get("/en/staff/moderation/").context["log"]
    assert [(a.action, a.reason, a.actor) for a in log] == [("hide", "Advertising", district)]

    from django.test import Client

    without_mfa = Client()
    without_mfa.force_login(district)
    assert without_mfa.get("/en/staff/moderation/").status_code == 302


def test_a_reader_reports_through_the_page(national_comment):
    from django.test import Client

    client = Client()
    client.force_login(UserFactory())

    response = client.post(f"/en/discussions/comments/{national_comment.pk}/report/", {"reason": "spam"}, follow=True)

    assert "moderators will look" in response.content.decode()
    assert Report.objects.filter(comment=national_comment, reason="spam").exists()


def test_an_empty_queue_names_the_moderators_area_and_where_other_reports_go(national_comment, tree):
    """A district moderator with no local reports is not told "no reports" while a national one waits."""
    comment_report(actor=UserFactory(), comment=national_comment, reason="abuse")
    district = StaffRoleFactory(territory=tree.district).user

    page = staff_client(district).get("/en/staff/moderation/")

    assert list(page.context["page_obj"]) == []
    assert page.context["scope_territories"] == [tree.district]
    html = page.content.decode()
    assert "No open reports in your area" in html
    assert "You moderate comments in " in html and html.count("Arshaly") + html.count("Аршал") >= 1
    assert "national documents" in html


def test_a_republic_moderator_sees_reports_on_national_documents(national_comment, tree):
    comment_report(actor=UserFactory(), comment=national_comment, reason="abuse")
    republic = StaffRoleFactory(territory=tree.republic).user

    page = staff_client(republic).get("/en/staff/moderation/")

    assert [c.pk for c in page.context["page_obj"]] == [national_comment.pk]
    assert page.context["scope_territories"] is None
