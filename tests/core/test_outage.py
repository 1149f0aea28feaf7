"""Redis and the broker down: every write still succeeds, and nothing is lost.

The cache is an unreachable Redis (``ResilientRedisCache``: rate limits fail
open) and Celery really publishes (not eagerly) to a broker that refuses
connections, or to one that accepts them and never answers. Each resident's
action through the site still answers with its usual redirect and its row; the
notifications of a discussion report wait in the outbox and are delivered once
the broker is back.
"""

import datetime
import socket
import threading
import time

import kombu.pools
import pytest
from django.test import Client
from django.utils import timezone

from apps.core import cache as resilient
from apps.core import outbox
from apps.core.models import OutboxMessage
from apps.discussions.models import Comment
from apps.discussions.services import thread_follow
from apps.documents.models import Document, Provision
from apps.documents.services import provision_thread
from apps.notifications.models import Notification
from apps.proposals.models import Proposal, Vote
from apps.territories.models import Residency, StaffRole
from civic.celery import app as celery_app
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with
from tests.proposals.factories import BODY, published, resident
from tests.territories.factories import StaffRoleFactory, build_tree
from tests.territories.test_views import staff_client

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit runs as in production


@pytest.fixture
def redis_down(settings):
    resilient.reset_breakers()
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield
    resilient.reset_breakers()


def _forget_broker_connections():
    # Celery keeps (kombu's shared) connection and producer pools made for the broker URL of the time.
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Publishing goes to a broker where nothing listens; calling the fixture's value brings it "back"."""
    saved = {name: celery_app.conf[name] for name in ("task_always_eager", "broker_url")}
    _forget_broker_connections()
    celery_app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")

    def back():  # tasks run in-process again, as in the other tests
        _forget_broker_connections()
        celery_app.conf.update(saved)

    yield back
    back()


@pytest.fixture
def hung_broker(broker_down):
    """A broker that accepts connections and never answers (a hung Redis, a black-holing firewall)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        celery_app.conf.broker_url = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
        # Without socket timeouts a publish would wait forever: reset its connection after a while.
        hang_up = threading.Timer(10, lambda: listener.shutdown(socket.SHUT_RDWR))
        hang_up.start()
        yield broker_down
        hang_up.cancel()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_signing_in_works_without_redis(redis_down):
    person = UserFactory()

    client = Client()
    response = client.post("/en/accounts/login/", {"login": person.email, "password": "correct-horse-battery"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)  # signed in, not sent back to a form


def test_residents_write_without_redis_and_the_broker(redis_down, broker_down):
    tree = build_tree()
    newcomer = UserFactory()
    declared = signed_in(newcomer).post(
        "/en/account/residency/", {"territory": tree.village.kato_code, "iin": "791028302728", "confirm": "on"}
    )
    assert declared.status_code == 302 and Residency.objects.filter(user=newcomer).exists()

    document_with(slug="law", sections=1, per_section=1)
    commented = signed_in(UserFactory()).post(
        "/en/documents/law/p/art-1.p1/comment/", {"stance": "for", "body": "Agreed."}
    )
    assert commented.status_code == 302 and Comment.objects.filter(body="Agreed.").exists()

    voter = resident(tree.village)
    proposal = published(resident(tree.village), tree.village)
    voted = signed_in(voter).post(f"/en/proposals/{proposal.pk}/vote/", {"choice": "for"})
    assert voted.status_code == 302 and Vote.objects.filter(proposal=proposal, user=voter).exists()

    author = resident(tree.village)
    proposed = signed_in(author).post(
        "/en/proposals/new/",
        {
            "territory": tree.village.kato_code,
            "title": "A bench at the bus stop",
            "body": BODY,
            "category": "landscaping",
            "action": "submit",
        },
    )
    assert proposed.status_code == 302 and Proposal.objects.filter(author=author).exists()


def publish_a_report_with_a_follower():
    """An official publishes a closed discussion's report through the site; returns the response and the follower."""
    tree = build_tree()
    document = document_with(slug="draft", sections=1, per_section=2)
    Document.objects.filter(pk=document.pk).update(
        territory=tree.district, discussion_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    follower = UserFactory()
    thread_follow(actor=follower, thread=provision_thread(provision=Provision.objects.get(key="art-1.p1")))
    official = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.OFFICIAL).user

    client = staff_client(official)
    response = client.post("/en/staff/documents/draft/report/", {"publish": "1"})
    assert Document.objects.get(pk=document.pk).report_published_at is not None
    return response, follower


def test_a_report_published_while_the_broker_is_down_notifies_its_followers_later(redis_down, broker_down):
    response, follower = publish_a_report_with_a_follower()

    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert message.completed_at is None and "Connection refused" in message.last_error
    assert message.dispatched_at is None  # not handed over: the next redelivery run takes it
    assert not Notification.objects.exists()
    assert outbox.redeliver() == 0  # still down: the run gives up at the first refusal

    # The broker is back (tasks run in-process here); the periodic redelivery hands it over.
    broker_down()
    assert outbox.redeliver() == 1

    assert Notification.objects.get().user == follower
    assert OutboxMessage.objects.get().completed_at is not None
    assert outbox.redeliver() == 0  # nothing twice


def test_a_broker_that_never_answers_costs_the_request_about_a_second(redis_down, hung_broker):
    # Celery's defaults retry the publish 3 times and sleep between connection attempts:
    # many seconds per request. The settings give up after one socket timeout (1 s).
    started = time.monotonic()
    response, _follower = publish_a_report_with_a_follower()
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 2.5
    message = OutboxMessage.objects.get()
    assert message.completed_at is None and "Timeout" in message.last_error

    hung_broker()  # back
    assert outbox.redeliver() == 1 and Notification.objects.exists()


def test_with_redis_configured_the_cache_is_the_resilient_one():
    from tests.core.test_settings import read_settings

    (backend,) = read_settings("CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/0")

    assert backend == "'apps.core.cache.ResilientRedisCache'"
