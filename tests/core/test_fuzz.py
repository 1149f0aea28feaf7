"""Every URL of the site, with odd input: the answer may be 4xx, never a 500 (issue 9).

The URL patterns are read from the resolver, the language-prefixed ones and
the admin included, so a new page is covered without touching this file. Their
parameters are filled with ids and codes of a small world built with the test
factories, and with generated text: NUL and other control characters,
right-to-left marks, long strings, numbers too big for a database integer,
broken percent-encoding. Each request carries query parameters that views read
and random ones (GET requests odd cookies too), and is made by an anonymous
visitor, a resident and a staff member who passed the second factor. Runs on SQLite and PostgreSQL alike;
PostgreSQL is the stricter one (it refuses NUL in any text, even in a lookup).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, UUIDConverter
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from apps.discussions.models import Comment, Thread
from apps.discussions.services import comment_create
from apps.documents.models import Provision, Section
from apps.documents.services import provision_thread
from apps.notifications.services import notify
from apps.proposals.models import Proposal, ProposalImage
from apps.territories.models import Residency, StaffRole, Territory
from apps.territories.services import residency_declare
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with
from tests.proposals.factories import draft, published, resident
from tests.territories.factories import StaffRoleFactory, build_tree

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    deadline=None,
    # The world is built once per test, not per example: examples share it (each
    # example's writes are rolled back) and generating long strings takes a while.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    # No example database in the work tree; a failure prints the example to replay.
    database=None,
    # CI explores the same examples on every run (no red build by chance);
    # a developer's runs explore new ones.
    derandomize=bool(os.environ.get("CI")),
)

ROLES = ("anonymous", "resident", "staff")
# What views read from the query string (grep request.GET), and what Django's admin reads.
QUERY_NAMES = ("q", "territory", "page", "status", "sort", "category", "next", "text", "answers", "e", "o", "p")
# The cookies the site sets, to be sent back odd (a NUL arrives as an octal escape, "\\000").
COOKIE_NAMES = (
    settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME,
    settings.CIVIC_DEVICE_COOKIE_NAME, "messages",
)  # fmt: skip
# What views and forms read from POST, across the project's pages.
POST_NAMES = (
    "action", "choice", "value", "follow", "body", "stance", "parent", "title", "category", "territory",
    "iin", "confirm", "reason", "decision", "comment", "publish", "language", "next", "email", "role",
    "valid_from", "valid_to", "display_name", "preferred_language", "document", "deadline",
)  # fmt: skip

# Hand-picked values that have broken web applications before.
NASTY = (
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    "\r\n",
    "\t",
    " ",
    "'",
    '"',
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "{{ 7|add:7 }}",
    "%(name)s",
    "%",
    "..",
    "../../etc/passwd",
    "\\",
    "\u202e",  # right-to-left override
    "\ufeff",  # byte order mark
    "\u0130",  # İ: changes length when lower-cased
    "ß",
    "🙂",
    "Ωmega" * 600,
    "-1",
    "0",
    "00",
    "1e9",
    "9" * 25,  # beyond a 64-bit integer
    str(2**63),
    "NaN",
    "None",
    "[]",
    "2024-02-30",
    "//evil.example/",
    "javascript:alert(1)",
)

# Lone surrogates cannot be encoded into a URL at all.
CHARACTERS = st.characters(exclude_categories=("Cs",))
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(CHARACTERS, max_size=30),
    st.builds(lambda piece, times: piece * times, st.text(CHARACTERS, min_size=1, max_size=3), st.integers(100, 2000)),
)
# Already percent-encoded: bytes that are not UTF-8 ("%FF"), as a browser never sends them.
RAW_BYTES = st.binary(min_size=1, max_size=8).map(lambda raw: quote(raw, safe=""))
# Often with a NUL inside a value long enough to pass for a session key (8 characters or more).
# Mapped as the WSGI server hands a browser's UTF-8 bytes to Django: one character for each byte.
COOKIE_VALUE = st.one_of(
    TEXT, st.builds("{}\x00{}".format, st.text(CHARACTERS, min_size=8, max_size=40), st.text(CHARACTERS, max_size=8))
).map(lambda value: value.encode().decode("latin-1"))

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


# -- the URL patterns --------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    name: str
    converter: object


@dataclass(frozen=True)
class Route:
    """One URL pattern with its prefixes: literal text, parameters, regexes and the language prefix."""

    name: str
    pieces: tuple
    module: str
    admin_model: type | None = None

    @property
    def parameters(self) -> list[Parameter]:
        return [piece for piece in self.pieces if isinstance(piece, Parameter)]


class Language:
    """The prefix of i18n_patterns: any of the site's languages."""


def _pieces(pattern) -> list:
    if isinstance(pattern, LocalePrefixPattern):
        return [Language]
    if isinstance(pattern, RoutePattern):
        route, pieces, position = str(pattern), [], 0
        for match in PARAMETER.finditer(route):
            pieces += [route[position : match.start()], Parameter(match["name"], pattern.converters[match["name"]])]
            position = match.end()
        return [*pieces, route[position:]]
    if isinstance(pattern, RegexPattern):
        return [pattern.regex]
    raise AssertionError(f"unknown kind of URL pattern: {pattern!r}")


def _walk(patterns, prefix: list, namespace: str):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + _pieces(entry.pattern), inner)
        else:
            model_admin = getattr(entry.callback, "model_admin", None)
            yield Route(
                name=f"{namespace}{entry.name or str(entry.pattern)}",
                pieces=tuple(piece for piece in prefix + _pieces(entry.pattern) if piece != ""),
                module=entry.lookup_str,
                admin_model=model_admin.model if model_admin else None,
            )


ROUTES = list(_walk(get_resolver().url_patterns, ["/"], ""))
# The project's own pages, where POST data reaches our code (allauth and the admin have their own tests).
POST_ROUTES = [route for route in ROUTES if route.module.startswith("apps.")]


def test_every_kind_of_url_pattern_is_understood():
    # A pattern this file cannot fill would silently go untested.
    assert len(ROUTES) > 100
    assert {"proposals:detail", "documents:provision-detail", "territories:territory-detail", "residency"} <= {
        route.name for route in ROUTES
    }
    assert any(route.admin_model is Proposal for route in ROUTES)


# -- the world ----------------------------------------------------------------------


@dataclass(repr=False)  # Hypothesis prints the fixture with each failing example: keep it short.
class World:
    users: dict
    ids: dict = field(default_factory=dict)  # model -> pks that exist
    strings: dict = field(default_factory=dict)  # parameter name (for "key": the model) -> values that exist

    def model_for(self, route: Route, parameter: str):
        """Which model an int parameter names, for requests that should reach an existing object."""
        if route.admin_model is not None:
            return route.admin_model
        if parameter == "thread_id":
            return Thread
        if parameter == "image_pk":
            return ProposalImage
        for word, model in (("residency", Residency), ("role", StaffRole), ("comment", Comment), ("decide", Comment)):
            if word in route.name:
                return model
        return Proposal

    def real(self, route: Route, parameter: Parameter) -> list[str]:
        if isinstance(parameter.converter, IntConverter) or parameter.name == "object_id":
            return [str(pk) for pk in self.ids.get(self.model_for(route, parameter.name), [])] or ["1"]
        if parameter.name == "key":
            model = Section if "section" in route.name else Provision
            return self.strings[model]
        return self.strings.get(parameter.name) or ["1"]


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    tree = build_tree()
    law = document_with(slug="law", sections=2, per_section=2)
    person = resident(tree.village)
    staff = UserFactory(is_staff=True, is_superuser=True, display_name="Staff Member")
    for role in (StaffRole.Role.MODERATOR, StaffRole.Role.OFFICIAL):
        StaffRoleFactory(user=staff, territory=tree.oblast, role=role)
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    proposal = published(person, tree.village, by=staff)
    draft(person, tree.village, title="A draft about the park")
    provision = Provision.objects.filter(document=law).order_by("order").first()
    comment_create(actor=person, thread=provision_thread(provision=provision), body="Agreed.", stance="for")
    comment_create(actor=staff, thread=proposal.thread, body="We will look into it.", stance="question")
    comment_create(actor=person, thread=proposal.thread, body="Thanks.", parent=Comment.objects.latest("pk"))
    residency_declare(user=UserFactory(), territory=tree.other_village, iin="791028302728")
    notify(user_ids=[person.pk], kind="discussion_report", key="law", params={"title": law.title}, url="/en/")

    models = (Proposal, ProposalImage, Comment, Thread, Residency, StaffRole, Territory, Provision, Section)
    ids = {model: list(model.objects.order_by("pk").values_list("pk", flat=True)) for model in models}
    for route in ROUTES:
        if route.admin_model is not None:
            ids.setdefault(route.admin_model, list(route.admin_model._default_manager.values_list("pk", flat=True)))
    return World(
        users={"anonymous": None, "resident": person, "staff": staff},
        ids=ids,
        strings={
            "kato": list(Territory.objects.values_list("kato_code", flat=True)),
            "slug": ["law"],
            Section: list(Section.objects.values_list("key", flat=True)),
            Provision: list(Provision.objects.values_list("key", flat=True)),
            "variant": ["full", "thumb"],
            "app_label": ["accounts", "proposals", "territories"],
        },
    )


def client_for(world: World, role: str) -> Client:
    """A new client each time: no cookie or message from an earlier request carries over."""
    client = Client(raise_request_exception=False)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    if role == "staff":
        # Signed in with password and TOTP in this session, as staff pages and the admin require.
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": 0}, {"method": "mfa", "at": 0}]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
    return client


def request(world: World, role: str, method: str, url: str, data=None, cookies=None):
    """Make the request in a savepoint that is then rolled back: examples do not see each other's writes,
    and a database error inside the view does not break the test's transaction for the next example."""
    client = client_for(world, role)
    for name, value in (cookies or {}).items():
        client.cookies[name] = value  # replaces the session cookie too: then the visit is anonymous
    with transaction.atomic():
        response = getattr(client, method)(url, data)
        transaction.set_rollback(True)
    return response


def server_error(response, method: str, url: str, role: str) -> str | None:
    """What went wrong, for the test's message; None for an answer below 500."""
    if response.status_code < 500:
        return None
    shown = url if len(url) < 200 else url[:200] + "..."
    cause = f"{response.exc_info[0].__name__}: {response.exc_info[1]}" if response.exc_info else "no exception"
    return f"{method.upper()} {shown!r} as {role}: {response.status_code}, {cause}"


def assert_no_server_error(response, method: str, url: str, role: str):
    error = server_error(response, method, url, role)
    assert error is None, error


# -- building URLs ----------------------------------------------------------------


def _segment(world: World, route: Route, parameter: Parameter) -> st.SearchStrategy[str]:
    """A path segment for ``parameter``, percent-encoded: an existing value, one of the right shape, or junk."""
    converter = parameter.converter
    if isinstance(converter, IntConverter):
        shaped = st.integers(min_value=0, max_value=2**70).map(str)
    elif isinstance(converter, SlugConverter):
        shaped = st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True)
    elif isinstance(converter, UUIDConverter):
        shaped = st.uuids().map(str)
    else:
        shaped = TEXT
    safe = "/" if isinstance(converter, PathConverter) else ""
    encoded = st.one_of(st.sampled_from(world.real(route, parameter)), shaped, TEXT).map(lambda v: quote(v, safe=safe))
    return st.one_of(encoded, RAW_BYTES)


def path_strategy(world: World, route: Route) -> st.SearchStrategy[str]:
    parts = []
    for piece in route.pieces:
        if piece is Language:
            parts.append(st.sampled_from([f"{code}/" for code, _name in settings.LANGUAGES]))
        elif isinstance(piece, Parameter):
            parts.append(_segment(world, route, piece))
        elif isinstance(piece, re.Pattern):
            parts.append(st.from_regex(piece, fullmatch=True, alphabet=CHARACTERS).map(lambda v: quote(v, safe="/")))
        else:
            parts.append(st.just(piece))
    return st.tuples(*parts).map("".join)


QUERY = st.one_of(
    st.lists(st.tuples(st.one_of(st.sampled_from(QUERY_NAMES), st.text(CHARACTERS, max_size=8)), TEXT), max_size=5).map(
        urlencode
    ),
    # Not what urlencode writes: broken escapes, "&&", names without "=".
    st.text(st.sampled_from("%=&+;#?/azAZ09ÿ\x00"), max_size=30).map(lambda raw: quote(raw, safe="%=&+;/")),
)


def real_path(world: World, route: Route, language: str = "en") -> str:
    """The route's URL with existing values: the request reaches the view's own logic."""
    parts = []
    for piece in route.pieces:
        if piece is Language:
            parts.append(f"{language}/")
        elif isinstance(piece, Parameter):
            parts.append(quote(world.real(route, piece)[0], safe=""))
        elif isinstance(piece, re.Pattern):
            parts.append(_regex_example(piece))
        else:
            parts.append(piece)
    return "".join(parts)


def _regex_example(regex: re.Pattern) -> str:
    # The few regex patterns (allauth's keys, the admin's app list and catch-all) take any word.
    for candidate in ("accounts/", "abc/", "abc-def/", "abc"):
        if regex.fullmatch(candidate):
            return candidate
    return ""


# A query with every parameter views read, each odd in its own way.
ODD_QUERY = urlencode([(name, NASTY[(7 * i + 3) % len(NASTY)]) for i, name in enumerate(QUERY_NAMES)])


# -- the tests ----------------------------------------------------------------------


def odd_path(route: Route) -> str:
    """The route's URL with values of the right shape but far out of range: a huge id, long right-to-left text."""
    parts = []
    for piece in route.pieces:
        if piece is Language:
            parts.append("ru/")
        elif isinstance(piece, Parameter) and isinstance(piece.converter, IntConverter):
            parts.append("9" * 25)
        elif isinstance(piece, Parameter | re.Pattern):
            parts.append(quote("é\u202e" * 150, safe=""))
        else:
            parts.append(piece)
    return "".join(parts)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_without_server_error(world, role):
    """Each pattern with existing values, then with an odd query string, then with odd path values."""
    errors = []
    for route in ROUTES:
        path = real_path(world, route)
        for url in (path, f"{path}?{ODD_QUERY}", odd_path(route)):
            errors.append(server_error(request(world, role, "get", url), "get", url, role))
    errors = [error for error in errors if error]
    assert not errors, "\n".join(errors)


@hypothesis_settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_generated_get_requests_never_fail(world, data):
    role = data.draw(st.sampled_from(ROLES), label="role")
    route = data.draw(st.sampled_from(ROUTES), label="route")
    path = data.draw(path_strategy(world, route), label="path")
    query = data.draw(QUERY, label="query")
    cookies = data.draw(st.dictionaries(st.sampled_from(COOKIE_NAMES), COOKIE_VALUE, max_size=2), label="cookies")
    url = f"{path}?{query}" if query else path
    response = request(world, role, "get", url, cookies=cookies)
    event(f"status {response.status_code}")  # pytest --hypothesis-show-statistics: how many reach a view
    assert_no_server_error(response, "get", url, role)


@hypothesis_settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_generated_form_posts_never_fail(world, data):
    role = data.draw(st.sampled_from(("resident", "staff")), label="role")
    route = data.draw(st.sampled_from(POST_ROUTES), label="route")
    path = data.draw(path_strategy(world, route), label="path")
    names = st.one_of(st.sampled_from(POST_NAMES), st.text(CHARACTERS, min_size=1, max_size=8))
    form = data.draw(st.dictionaries(names, st.one_of(TEXT, st.lists(TEXT, max_size=3)), max_size=6), label="form")
    response = request(world, role, "post", path, form)
    event(f"status {response.status_code}")
    assert_no_server_error(response, "post", path, role)
