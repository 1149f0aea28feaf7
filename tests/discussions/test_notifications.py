"""Publishing a discussion report notifies the followers, once, in their own language."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone, translation

from apps.discussions.services import thread_follow
from apps.documents.loader import LoaderError
from apps.documents.models import Document, Provision
from apps.documents.services import discussion_report_publish, notify_followers_of_report, provision_thread
from apps.notifications.models import Notification
from apps.territories.models import StaffRole
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with
from tests.territories.factories import StaffRoleFactory, build_tree
from tests.territories.test_views import staff_client


@pytest.fixture
def closed(db):
    tree = build_tree()
    document = document_with(slug="draft", sections=1, per_section=2, title="О бюджете села")
    Document.objects.filter(pk=document.pk).update(
        territory=tree.district, discussion_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    document.refresh_from_db()
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    return tree, document, thread


def test_followers_are_notified_once_when_the_report_is_published(closed, django_capture_on_commit_callbacks):
    tree, document, thread = closed
    follower, other = UserFactory(), UserFactory()
    thread_follow(actor=follower, thread=thread)
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user

    with django_capture_on_commit_callbacks(execute=True):
        discussion_report_publish(actor=official, document=document)

    note = Notification.objects.get()
    assert note.user == follower and note.url.startswith("/") and "/documents/draft/report/" in note.url
    assert notify_followers_of_report(document=document) == 0  # a retried task adds nothing
    assert not Notification.objects.filter(user=other).exists()
    with translation.override("ru"):
        assert "О бюджете села" in note.message and "отчёт" in note.message.lower()
    with translation.override("en"):
        assert note.message.startswith("The report on the public discussion")


def test_only_officials_publish_and_only_after_the_deadline(closed):
    tree, document, _thread = closed
    moderator = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.MODERATOR).user
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user

    with pytest.raises(PermissionDenied):
        discussion_report_publish(actor=moderator, document=document)
    Document.objects.filter(pk=document.pk).update(discussion_until=timezone.localdate() + datetime.timedelta(days=1))
    document.refresh_from_db()
    with pytest.raises(LoaderError):
        discussion_report_publish(actor=official, document=document)
    assert Document.objects.get(pk=document.pk).report_published_at is None


def test_the_notification_page_and_the_header_count(closed, django_capture_on_commit_callbacks):
    tree, _document, thread = closed
    follower = UserFactory()
    thread_follow(actor=follower, thread=thread)
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client(official).post("/en/staff/documents/draft/report/", {"publish": "1"})
    assert response.status_code == 302
    client = Client()
    client.force_login(follower)

    assert "Notifications (1)" in client.get("/en/").content.decode()
    page = client.get("/en/account/notifications/")
    assert [n.kind for n in page.context["page_obj"]] == ["discussion_report"]
    client.post("/en/account/notifications/")
    assert "Notifications (1)" not in client.get("/en/").content.decode()
    assert Client().get("/en/account/notifications/").status_code == 302
