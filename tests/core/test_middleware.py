"""A NUL character anywhere in a request's data is a 400, before any view sees it (issue 9)."""

import pytest
from django.core.exceptions import BadRequest
from django.http import HttpResponse, QueryDict
from django.test import Client

from apps.core.middleware import RejectNulMiddleware
from tests.documents.factories import document_with
from tests.territories.factories import build_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        # The addresses of the issue: each was an HTTP 500 on PostgreSQL.
        "/en/proposals/?q=%00",
        "/en/territories/a%00b/",
        "/en/account/residency/?territory=%00",
        "/en/documents/law/p/%00/",
        # A NUL in a parameter's name, or among the values of a repeated one.
        "/en/proposals/?%00=1",
        "/en/proposals/?status=open&status=%00",
    ],
)
def test_nul_in_the_path_or_query_is_a_bad_request(signed_in, url):
    build_tree()
    document_with(slug="law")

    response = signed_in.get(url)

    assert response.status_code == 400
    assert "400.html" in [template.name for template in response.templates]


@pytest.mark.parametrize("data", [{"territory": "\x00", "iin": "791028302728"}, {"confirm\x00": "on"}])
def test_nul_in_posted_form_data_is_a_bad_request(signed_in, data):
    assert signed_in.post("/en/account/residency/", data).status_code == 400


def test_the_page_speaks_the_language_of_the_address(client):
    response = client.get("/ru/proposals/?q=%00")

    assert response.status_code == 400
    assert response["Content-Language"] == "ru"
    assert "Некорректный запрос" in response.content.decode()


def test_other_odd_input_still_reaches_the_views(client):
    build_tree()

    assert client.get("/en/proposals/?q=%01%E2%80%AE").status_code == 200
    assert client.get("/en/territories/a%25%5Cb/").status_code == 404


@pytest.mark.parametrize("where", ["path", "query"])
def test_a_lone_surrogate_is_a_bad_request_too(rf, where):
    """UTF-8 cannot encode it, so the database driver would fail. Django turns undecodable bytes
    into %XX or U+FFFD, so no browser can send one: the request is altered by hand."""
    request = rf.get("/en/proposals/")
    if where == "path":
        request.path = "/en/proposals/\udcff/"
    else:
        request.GET = QueryDict(mutable=True)
        request.GET["q"] = "a\ud800"

    with pytest.raises(BadRequest):
        RejectNulMiddleware(lambda request: HttpResponse())(request)


@pytest.mark.parametrize("name", ["sessionid", "csrftoken", "django_language", "messages", "civic_device"])
def test_a_cookie_with_nul_is_ignored(user, name):
    """A quoted cookie value may hold an octal escape, "\\000" for a NUL. In the session cookie that was
    an HTTP 500 on PostgreSQL; the browser would send it again with every request, so it is ignored."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    client.cookies[name] = "abcdefgh\x00ijk"  # sent quoted and escaped, as a browser would
    assert "\\000" in client.cookies.output()

    response = client.get("/en/account/residency/")

    if name == "sessionid":
        # The broken cookie replaced the signed-in one: an anonymous visit.
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 200
