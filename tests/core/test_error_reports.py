"""Error pages and reports never show the IIN a person typed, not even with DEBUG on (issue 9)."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.views.debug import ExceptionReporter

from tests.territories.factories import build_tree

pytestmark = pytest.mark.django_db

IIN = "791028302728"
TYPED = "7910 2830 2728"  # as people type it; the form accepts the spaces
VILLAGE = "113030100"


def assert_no_iin(text: str):
    for shown in (IIN, TYPED, IIN[:8], TYPED[:9]):
        assert shown not in text


@pytest.fixture
def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def broken_declaration(settings):
    """The declaration fails deep in the service, after the IIN was validated: a missing hash key."""
    build_tree()
    settings.IDENTIFIER_HASH_KEY = None


def declare(client, **headers):
    return client.post("/en/account/residency/", {"territory": VILLAGE, "iin": TYPED, "confirm": "on"}, headers=headers)


@pytest.mark.parametrize("accept", ["text/html", "text/plain"])
def test_debug_page_hides_the_iin_and_shows_the_rest(signed_in, broken_declaration, settings, accept):
    settings.DEBUG = True

    response = declare(signed_in, accept=accept)

    page = response.content.decode()
    assert response.status_code == 500 and response.exc_info[0] is AttributeError
    assert "iin_fingerprint" in page and "residency_declare" in page  # the frames that held the IIN are there
    assert VILLAGE in page and "confirm" in page  # with the other fields
    assert "********************" in page
    assert_no_iin(page)


def broken(*args, **kwargs):
    raise RuntimeError("broken")


@pytest.mark.parametrize(
    "target",
    [
        # In the check of the form, after the date of birth was read from the IIN.
        "apps.territories.iin.check_digit",
        # In HMAC, called with the IIN and the secret key (only here: Django's sessions use it too).
        "apps.territories.iin.hmac",
    ],
)
def test_a_failure_deeper_in_the_iin_code_shows_nothing_derived_from_it(signed_in, settings, monkeypatch, target):
    build_tree()
    settings.DEBUG = True
    settings.IDENTIFIER_HASH_KEY = "the-hash-key-that-no-error-page-may-show-" * 2
    monkeypatch.setattr(target, SimpleNamespace(new=broken) if target.endswith("hmac") else broken)

    response = declare(signed_in)

    page = response.content.decode()
    assert response.status_code == 500 and response.exc_info[0] is RuntimeError
    assert "broken" in page
    assert_no_iin(page)
    assert "1979, 10, 28" not in page  # the date of birth, as datetime.date(1979, 10, 28)
    assert "the-hash-key" not in page


@pytest.mark.parametrize("debug", [True, False])
def test_error_report_hides_the_iin(signed_in, broken_declaration, settings, debug):
    """The report Django e-mails to admins (with DEBUG off) is built the same way."""
    settings.DEBUG = debug
    response = declare(signed_in)

    reporter = ExceptionReporter(response.wsgi_request, *response.exc_info)

    for report in (reporter.get_traceback_html(), reporter.get_traceback_text()):
        assert "residency_declare" in report and VILLAGE in report
        assert_no_iin(report)


def test_a_request_refused_before_the_view_still_hides_secret_fields(signed_in, settings):
    """The NUL check answers before the view marks its POST data: fields are also hidden by name."""
    settings.DEBUG = True

    response = signed_in.post(
        "/en/account/residency/",
        {"territory": "\x00", "iin": TYPED, "password": "correct-horse-battery", "confirm": "on"},
    )

    page = response.content.decode()
    assert response.status_code == 400 and "BadRequest" in page
    assert "confirm" in page
    assert "correct-horse-battery" not in page
    assert_no_iin(page)
