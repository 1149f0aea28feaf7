"""Territory pages, the residency page and the staff console, with their permissions and query counts."""

import pytest
from django.test import Client

from apps.territories.models import Residency, StaffRole, Territory
from apps.territories.services import residency_declare
from tests.accounts.factories import UserFactory, staff_client
from tests.territories.factories import StaffRoleFactory, build_tree

IIN = "791028302728"


@pytest.fixture
def tree(db):
    return build_tree()


# -- public pages ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_territory_pages_render_in_each_language(client, tree, language):
    index = client.get(f"/{language}/territories/")
    detail = client.get(f"/{language}/territories/113030100/")

    assert index.status_code == 200 and detail.status_code == 200
    assert [t.kato_code for t in index.context["regions"]] == ["110000000"]
    # Abbreviations spelled out; no English name: a Latin one made from the Kazakh name.
    expected = {"kk": "Аршалы ауылы", "ru": "с. Аршалы", "en": "Arshaly village"}[language]
    assert detail.context["territory"].name == expected


def test_territory_page_has_breadcrumbs_to_the_top_and_children(client, tree):
    response = client.get("/ru/territories/113030000/")

    labels = [label for label, _url in response.context["breadcrumbs"]]
    assert labels[2:] == ["Акмолинская область", "Аршалынский район", "Аршалынский сельский округ"]
    assert [t.kato_code for t in response.context["children"]] == ["113030100", "113030200"]


def test_unknown_kato_code_is_404(client, tree):
    assert client.get("/en/territories/999999999/").status_code == 404


def test_population_or_no_figure(client, tree):
    Territory.objects.filter(pk=tree.oblast.pk).update(population=787971, population_year=2023)

    assert "787,971" in client.get("/en/territories/110000000/").content.decode()
    assert "no figure" in client.get("/en/territories/113000000/").content.decode()


@pytest.mark.parametrize("query", ["Аршалы", "аршалы", "Arshaly", "Аршалынский", "Астраханка"])
def test_search_finds_places_by_name_in_any_language(client, tree, query):
    response = client.get("/en/territories/", {"q": query})

    assert response.context["results"], query


def test_search_forgives_a_typo(client, tree):
    codes = [t.kato_code for t in client.get("/en/territories/", {"q": "Берсенека"}).context["results"]]

    assert "113040100" in codes or "113040000" in codes


def test_empty_search_shows_the_regions_only(client, tree):
    response = client.get("/en/territories/", {"q": "   "})

    assert response.context["results"] is None


# -- residency --------------------------------------------------------------------


def test_residency_page_requires_sign_in(client, tree):
    response = client.get("/en/account/residency/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_declaring_a_residency_from_the_territory_page(user_client, user, tree):
    form_page = user_client.get("/en/account/residency/", {"territory": "113030100"})
    assert form_page.context["territory"] == tree.village

    response = user_client.post(
        "/en/account/residency/", {"territory": "113030100", "iin": "7910 2830 2728", "confirm": "on"}
    )

    assert response.status_code == 302
    residency = Residency.objects.get(user=user)
    assert residency.status == Residency.Status.PENDING and residency.territory == tree.village
    assert "waiting for verification" in user_client.get("/en/account/residency/").content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"territory": "113030100", "iin": "791028302727", "confirm": "on"}, "iin", "check digit"),
        ({"territory": "113030100", "iin": "791328302728", "confirm": "on"}, "iin", "date of birth"),
        ({"territory": "113030100", "iin": IIN}, "confirm", "Confirm"),
        ({"territory": "999999999", "iin": IIN, "confirm": "on"}, "territory", "no territory"),
        ({"territory": "113000000", "iin": IIN, "confirm": "on"}, "territory", "not a district"),
    ],
)
def test_bad_declarations_explain_themselves_and_write_nothing(user_client, tree, data, field, message):
    response = user_client.post("/en/account/residency/", data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Residency.objects.exists()


def test_rejected_person_sees_the_reason(user_client, user, tree):
    staff = StaffRoleFactory(territory=tree.district).user
    from apps.territories.services import residency_reject

    residency_reject(
        actor=staff, residency=residency_declare(user=user, territory=tree.village, iin=IIN), reason="Wrong village"
    )

    assert "Wrong village" in user_client.get("/en/account/residency/").content.decode()


# -- staff console ---------------------------------------------------------------------


def test_staff_console_needs_a_role_and_a_second_factor(tree):
    resident = staff_client(UserFactory())
    assert resident.get("/en/staff/").status_code == 403

    moderator = StaffRoleFactory(territory=tree.district).user
    without_mfa = Client()
    without_mfa.force_login(moderator)
    response = without_mfa.get("/en/staff/")
    assert response.status_code == 302 and "/accounts/2fa/totp/activate/" in response["Location"]

    assert staff_client(moderator).get("/en/staff/").status_code == 200


def test_console_counts_only_the_declarations_in_scope(tree):
    moderator = StaffRoleFactory(territory=tree.district).user
    residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    residency_declare(user=UserFactory(), territory=tree.neighbour_village, iin="811201401188")

    response = staff_client(moderator).get("/en/staff/")

    assert response.context["residency_count"] == 1


def test_staff_verify_from_the_queue(tree):
    moderator = StaffRoleFactory(territory=tree.district).user
    residency = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    client = staff_client(moderator)

    queue = client.get("/en/staff/residencies/")
    assert [r.pk for r in queue.context["page_obj"]] == [residency.pk]
    response = client.post(f"/en/staff/residencies/{residency.pk}/decide/", {"action": "verify"})

    assert response.status_code == 302
    residency.refresh_from_db()
    assert residency.status == Residency.Status.VERIFIED and residency.decided_by == moderator


def test_staff_reject_needs_a_reason(tree):
    moderator = StaffRoleFactory(territory=tree.district).user
    residency = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    client = staff_client(moderator)

    client.post(f"/en/staff/residencies/{residency.pk}/decide/", {"action": "reject", "reason": ""})
    residency.refresh_from_db()
    assert residency.status == Residency.Status.PENDING

    client.post(f"/en/staff/residencies/{residency.pk}/decide/", {"action": "reject", "reason": "Not registered"})
    residency.refresh_from_db()
    assert residency.status == Residency.Status.REJECTED and residency.reason == "Not registered"


def test_staff_of_another_district_get_404_for_a_declaration_outside_their_scope(tree):
    neighbour = StaffRoleFactory(territory=tree.neighbour_district).user
    residency = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)

    response = staff_client(neighbour).post(f"/en/staff/residencies/{residency.pk}/decide/", {"action": "verify"})

    assert response.status_code == 404
    residency.refresh_from_db()
    assert residency.status == Residency.Status.PENDING


def test_administrator_grants_a_role_from_the_staff_page(tree):
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user
    person = UserFactory(email="new.moderator@example.kz")

    response = staff_client(admin).post(
        "/en/staff/roles/", {"email": "New.Moderator@example.kz", "territory": "113000000", "role": "moderator"}
    )

    assert response.status_code == 302
    assert StaffRole.objects.get(user=person).territory == tree.district


def test_a_district_administrator_cannot_grant_above_their_territory(tree):
    admin = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.ADMINISTRATOR).user
    UserFactory(email="someone@example.kz")

    response = staff_client(admin).post(
        "/en/staff/roles/", {"email": "someone@example.kz", "territory": "110000000", "role": "moderator"}
    )

    assert response.status_code == 200
    assert "only in the territories you administer" in " ".join(response.context["form"].errors["territory"])
    assert StaffRole.objects.count() == 1


def test_grant_form_explains_bad_input(tree):
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user

    response = staff_client(admin).post(
        "/en/staff/roles/",
        {
            "email": "nobody@example.kz",
            "territory": "12",
            "role": "king",
            "valid_from": "2026-02-01",
            "valid_to": "2026-01-01",
        },
    )

    errors = response.context["form"].errors
    assert set(errors) >= {"email", "territory", "role", "valid_to"}


# -- query counts -----------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries, bound):
    with django_assert_max_num_queries(bound) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("url", "bound"),
    # A territory page: the unit, its ancestors, its children, its top proposals, its latest initiatives. A search: the
    # substring matches, on PostgreSQL one trigram query per form of the query (Cyrillic, Latin),
    # and the ancestors of the hits.
    [("/en/territories/", 2), ("/en/territories/113000000/", 5), ("/en/territories/?q=Аршалы", 6)],
)
def test_territory_pages_do_not_grow_with_the_tree(client, tree, django_assert_max_num_queries, url, bound):
    small = _queries(client, url, django_assert_max_num_queries, bound)
    from apps.territories.importers import TerritoryRow
    from apps.territories.services import territories_import

    extra = []
    for n in range(1, 60):
        rural = f"1130{n + 40:02d}000"
        extra.append(
            TerritoryRow(n, rural, "113000000", "rural_district", f"Ауыл округі {n}", f"Сельский округ {n}", "")
        )
        extra += [
            TerritoryRow(n, f"{rural[:6]}{v:03d}", rural, "village", f"Ауыл {n}-{v}", f"Село {n}-{v}", "")
            for v in range(100, 120)
        ]
    territories_import(rows=extra)

    assert _queries(client, url, django_assert_max_num_queries, bound) == small


def test_staff_console_queries_do_not_grow_with_the_queue(tree, django_assert_max_num_queries):
    moderator = StaffRoleFactory(territory=tree.district).user
    client = staff_client(moderator)
    residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    with django_assert_max_num_queries(12) as small:
        assert client.get("/en/staff/residencies/").status_code == 200

    for n in range(30):
        Residency.objects.create(
            user=UserFactory(), territory=tree.other_village, iin_hash=f"{n:064d}", iin_last4="0000"
        )

    with django_assert_max_num_queries(12) as large:
        assert client.get("/en/staff/residencies/").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def _iin_input(page: str) -> str:
    start = page.index('<input type="password" name="iin"')
    return page[start : page.index(">", start) + 1]


def _error_summary(page: str) -> str:
    start = page.index("error-summary")
    return page[start : page.index("</div>", start)]


def test_the_iin_is_kept_in_its_field_after_an_error_and_shown_nowhere_else(user_client, tree):
    response = user_client.post("/en/account/residency/", {"territory": "113030100", "iin": IIN})

    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    page = response.content.decode()
    # Back in its (masked) field, so a missing tick does not cost retyping it; nowhere else on the page.
    assert f'value="{IIN}"' in _iin_input(page)
    assert page.count(IIN) == 1
    assert "no-store" in response["Cache-Control"]
    # Other pages never show it: the residency page itself, before and after the declaration, and the rest.
    assert IIN not in user_client.get("/en/account/residency/", {"territory": "113030100"}).content.decode()
    declared = user_client.post(
        "/en/account/residency/", {"territory": "113030100", "iin": IIN, "confirm": "on"}, follow=True
    )
    assert Residency.objects.filter(status=Residency.Status.PENDING).exists()
    for later in (declared, user_client.get("/en/proposals/new/"), user_client.get("/en/territories/113030100/")):
        assert later.status_code == 200
        assert IIN not in later.content.decode()


def test_the_error_summary_links_a_checkbox_by_its_message_not_its_label(user_client, tree):
    label = "I confirm that my residence is registered in this territory."
    response = user_client.post("/en/account/residency/", {"territory": "113030100", "iin": "791028302727"})

    page = response.content.decode()
    summary = _error_summary(page)
    assert '<a href="#id_confirm">Confirm that your residence is registered here.</a>' in summary
    assert label not in summary
    assert page.count(label) == 1  # the checkbox's own label
    # Other fields keep "Label: message", the label linking to the field.
    assert '<a href="#id_iin">IIN</a>: This IIN is not valid' in summary


def test_a_person_withdraws_their_declaration_but_not_someone_elses(user_client, user, tree):
    mine = residency_declare(user=user, territory=tree.village, iin=IIN)
    theirs = residency_declare(user=UserFactory(), territory=tree.other_village, iin="811201401188")

    assert user_client.post(f"/en/account/residency/{theirs.pk}/end/").status_code == 404
    response = user_client.post(f"/en/account/residency/{mine.pk}/end/")

    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Residency.Status.ENDED and theirs.status == Residency.Status.PENDING


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/en/staff/residencies/{pk}/decide/"),
        ("get", "/en/staff/roles/"),
        ("post", "/en/staff/roles/{role}/end/"),
    ],
)
def test_every_staff_endpoint_needs_the_second_factor(tree, method, path):
    moderator_role = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR)
    residency = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    client = Client()
    client.force_login(moderator_role.user)

    response = getattr(client, method)(path.format(pk=residency.pk, role=moderator_role.pk), {"action": "verify"})

    assert response.status_code == 302 and "/accounts/2fa/totp/activate/" in response["Location"]
    residency.refresh_from_db()
    assert residency.status == Residency.Status.PENDING


def test_a_resident_cannot_decide_and_decisions_are_post_only(user_client, tree):
    residency = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    moderator = StaffRoleFactory(territory=tree.district).user

    assert user_client.post(f"/en/staff/residencies/{residency.pk}/decide/", {"action": "verify"}).status_code == 403
    assert staff_client(moderator).get(f"/en/staff/residencies/{residency.pk}/decide/").status_code == 405
    residency.refresh_from_db()
    assert residency.status == Residency.Status.PENDING


def test_a_moderator_cannot_open_the_roles_page(tree):
    moderator = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.MODERATOR).user

    assert staff_client(moderator).get("/en/staff/roles/").status_code == 403


def test_ending_a_role_outside_ones_scope_is_404(tree):
    admin = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.ADMINISTRATOR).user
    elsewhere = StaffRoleFactory(territory=tree.neighbour_district)

    assert staff_client(admin).post(f"/en/staff/roles/{elsewhere.pk}/end/").status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.valid_to is None


def test_roles_page_and_console_queries_do_not_grow(tree, django_assert_max_num_queries):
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user
    client = staff_client(admin)
    counts = []
    for extra in (1, 30):
        for _ in range(extra):
            StaffRoleFactory(territory=tree.village)
        for url in ("/en/staff/", "/en/staff/roles/"):
            with django_assert_max_num_queries(13) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:2] == counts[2:]


def test_declarations_are_rate_limited(user_client, tree):
    for _ in range(10):
        user_client.post("/en/account/residency/", {"territory": "113030100", "iin": "791028302727", "confirm": "on"})

    response = user_client.post("/en/account/residency/", {"territory": "113030100", "iin": IIN, "confirm": "on"})

    assert "Too many declarations" in " ".join(response.context["form"].non_field_errors())
    assert not Residency.objects.exists()
