"""Initiative pages: list, detail, ledger, the officials' forms and queues, the proposal's banner — permissions
both ways, bad input, and query counts at two data sizes."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.initiatives import services
from apps.initiatives.models import CompletionCheck, Initiative, ProgressUpdate
from apps.proposals import services as proposal_services
from apps.proposals.models import Proposal
from tests.accounts.factories import staff_client
from tests.proposals.factories import image_file, moderator, official, reached, resident
from tests.territories.factories import build_tree

Status = Initiative.Status
DESCRIPTION = "Twelve LED street lights from the shop to the school, on concrete poles, with a timer."


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def due(days=60) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def open_initiative(territory, *, by=None, title="Street lights on Bereke street", **fields) -> Initiative:
    values = {
        "title": title,
        "description": DESCRIPTION,
        "category": "lighting",
        "responsible_body": "Akim's office of Akbulak rural district",
        "due_date": due(),
        "budget_planned": 4_800_000,
    }
    values.update(fields)
    return services.initiative_create(actor=by or official(territory), territory=territory, **values)


def considered(territory) -> Proposal:
    proposal = reached(resident(territory), territory)
    return proposal_services.proposal_consider(actor=official(territory), proposal=proposal)


def plan_post(**overrides) -> dict:
    data = {
        "title": "Street lights on Bereke street",
        "description": DESCRIPTION,
        "category": "lighting",
        "responsible_body": "Akim's office of Akbulak rural district",
        "funding_source": "local_budget",
        "budget_planned": "4800000",
        "due_date": due().isoformat(),
    }
    data.update(overrides)
    return data


# -- the public list ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_list_shows_initiatives_of_the_territory_and_inside_it(client, tree, language):
    here = open_initiative(tree.village, title="Lights in the village")
    above = open_initiative(tree.district, title="A district road")
    open_initiative(tree.neighbour_village, title="Neighbours' own lights")

    response = client.get(f"/{language}/initiatives/", {"territory": tree.district.kato_code})

    assert response.status_code == 200
    assert {item.pk for item in response.context["page_obj"]} == {here.pk, above.pk}
    assert "Neighbours' own lights" not in response.content.decode()


def test_the_list_filters_delayed_disputed_status_category_and_year(client, tree):
    on_time = open_initiative(tree.village, title="On time")
    late = open_initiative(
        tree.village, title="Late by its date", due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    roads = open_initiative(tree.village, title="A road", category="roads", due_date=due(400))

    def listed(**params):
        return {item.pk for item in client.get("/en/initiatives/", params).context["page_obj"]}

    assert listed(delayed="1") == {late.pk}  # derived from the date: the nightly task has not run
    assert listed(category="roads") == {roads.pk}
    assert listed(year=str(due(400).year)) >= {roads.pk}
    assert listed(status="planned") == {on_time.pk, late.pk, roads.pk}
    assert listed(disputed="1") == set()
    # Unknown values are dropped one by one, not passed to the database (and never a 500).
    assert listed(status="nonsense", category="x'; drop", year="abc", sort="evil") == {on_time.pk, late.pk, roads.pk}


def test_the_list_sorts_by_due_date_and_budget(client, tree):
    cheap = open_initiative(tree.village, title="Cheap", budget_planned=10, due_date=due(10))
    dear = open_initiative(tree.village, title="Dear one", budget_planned=10_000_000, due_date=due(90))
    none = open_initiative(tree.village, title="No budget", budget_planned=None, due_date=due(50))

    by_due = [item.pk for item in client.get("/en/initiatives/", {"sort": "due"}).context["page_obj"]]
    by_budget = [item.pk for item in client.get("/en/initiatives/", {"sort": "budget"}).context["page_obj"]]

    assert by_due == [cheap.pk, none.pk, dear.pk]
    assert by_budget == [dear.pk, cheap.pk, none.pk]


# -- the initiative page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_shows_the_plan_progress_milestones_and_timeline(client, tree, language):
    initiative = open_initiative(
        tree.village,
        contractor="TOO Zharyk",
        budget_programme="123-011",
        milestones=[("Poles set", timezone.localdate() - datetime.timedelta(days=1)), ("Lights on", due(30))],
    )

    response = client.get(f"/{language}/initiatives/{initiative.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "TOO Zharyk" in body and "123-011" in body and "Poles set" in body
    assert "milestone--late" in body  # the passed milestone is marked late
    assert response.context["initiative"].is_late
    assert [entry.item.to_status for entry in response.context["timeline"]] == [Status.PLANNED]


def test_a_missing_initiative_is_a_404(client, tree):
    assert client.get("/en/initiatives/999999/").status_code == 404


def test_the_origin_proposal_shows_where_it_stands_and_my_proposals_too(tree):
    proposal = considered(tree.village)
    person = official(tree.village)
    client = staff_client(person)
    response = client.post(
        reverse("staff:initiative-create") + f"?proposal={proposal.pk}",
        plan_post(proposal=proposal.pk, response="Accepted: the lights go up in May."),
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    services.update_post(actor=person, initiative=initiative, body="Poles are up along the street.", percent=60)

    page = Client().get(f"/en/proposals/{proposal.pk}/")
    mine = signed_in(proposal.author).get("/en/proposals/mine/")

    assert f"Initiative № {initiative.pk} — 60 %" in page.content.decode()
    assert f"Initiative № {initiative.pk} — 60 %" in mine.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.response.body == "Accepted: the lights go up in May."


def test_the_proposal_page_offers_accept_and_open_to_its_officials_only(tree):
    proposal = considered(tree.village)
    url = f"/en/proposals/{proposal.pk}/"

    as_official = staff_client(official(tree.village)).get(url)
    as_neighbour = staff_client(official(tree.neighbour_district)).get(url)
    as_moderator = staff_client(moderator(tree.village)).get(url)

    assert [action.label for action in as_official.context["staff_actions"]] == ["Accept and open an initiative"]
    assert as_neighbour.context["staff_actions"] == []
    assert as_moderator.context["staff_actions"] == []


# -- opening an initiative --------------------------------------------------------------------------------------


def test_accept_and_open_with_bad_input_writes_nothing_and_says_why(tree):
    proposal = considered(tree.village)
    client = staff_client(official(tree.village))

    response = client.post(
        reverse("staff:initiative-create"),
        plan_post(proposal=proposal.pk, response="Accepted.", due_date="", budget_programme="abc", also="12, x"),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "due_date" in errors and "also" in errors
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNDER_CONSIDERATION
    assert not Initiative.objects.exists()


def test_a_bad_programme_code_is_refused_by_the_service_with_a_translated_message(tree):
    proposal = considered(tree.village)
    client = staff_client(official(tree.village))

    response = client.post(
        "/ru/staff/initiatives/new/",
        plan_post(proposal=proposal.pk, response="Принято.", budget_programme="abc"),
    )

    assert response.status_code == 200
    assert "группами по три цифры" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNDER_CONSIDERATION


def test_an_official_of_a_neighbouring_district_cannot_open_from_the_proposal(tree):
    proposal = considered(tree.village)
    client = staff_client(official(tree.neighbour_district))

    response = client.post(reverse("staff:initiative-create"), plan_post(proposal=proposal.pk, response="Accepted."))

    assert response.status_code == 403
    assert not Initiative.objects.exists()


def test_an_official_opens_an_initiative_directly_in_a_unit_of_their_territory(tree):
    client = staff_client(official(tree.district))

    form = client.get(reverse("staff:initiative-create"), {"territory": tree.village.kato_code})
    response = client.post(
        reverse("staff:initiative-create"),
        plan_post(
            territory=tree.village.kato_code, milestone_0_title="Poles set", milestone_0_date=due(10).isoformat()
        ),
    )

    assert form.status_code == 200
    initiative = Initiative.objects.get()
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.territory == tree.village and initiative.milestones.get().title == "Poles set"


def test_a_moderator_and_a_resident_cannot_open_initiatives(tree):
    assert staff_client(moderator(tree.village)).get(reverse("staff:initiative-create")).status_code == 403
    assert signed_in(resident(tree.village)).get(reverse("staff:initiative-create")).status_code in (302, 403)


# -- updates, steps, milestones ------------------------------------------------------------------------------------


def test_an_official_posts_an_update_with_photos_from_a_phone(tree):
    initiative = open_initiative(tree.village)
    client = staff_client(official(tree.village))

    response = client.post(
        reverse("staff:initiative-update", kwargs={"pk": initiative.pk}),
        {
            "body": "Six of twelve poles are set.",
            "percent": "50",
            "spent": "2000000",
            "photos": [image_file("a.jpg"), image_file("b.jpg")],
        },
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.photos.count() == 2
    initiative.refresh_from_db()
    assert (initiative.percent, initiative.budget_spent, initiative.status) == (50, 2_000_000, Status.IN_PROGRESS)
    page = Client().get(initiative.get_absolute_url())
    assert "Six of twelve poles are set." in page.content.decode()
    photo = Client().get(update.photos.first().thumbnail_url)
    assert photo.status_code == 200 and photo["Cache-Control"].startswith("public")


def test_an_update_with_bad_input_is_refused_with_the_reason(tree):
    initiative = open_initiative(tree.village)
    client = staff_client(official(tree.village))
    url = reverse("staff:initiative-update", kwargs={"pk": initiative.pk})

    too_much = client.post(url, {"body": "Work goes on along the street.", "percent": "150"})
    future = client.post(
        url, {"body": "Work goes on along the street.", "percent": "10", "reported_on": due(5).isoformat()}
    )
    six = client.post(
        url,
        {
            "body": "Work goes on along the street.",
            "percent": "10",
            "photos": [image_file(f"{n}.jpg") for n in range(6)],
        },
    )

    assert too_much.status_code == future.status_code == six.status_code == 200
    assert "percent" in too_much.context["form"].errors
    assert "future" in future.content.decode()
    assert "at most 5 photos" in six.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "who",
    ["moderator", "neighbour_official", "resident"],
)
def test_others_cannot_post_updates(tree, who):
    initiative = open_initiative(tree.village)
    person = {
        "moderator": lambda: moderator(tree.village),
        "neighbour_official": lambda: official(tree.neighbour_district),
        "resident": lambda: resident(tree.village),
    }[who]()
    client = signed_in(person) if who == "resident" else staff_client(person)

    response = client.post(
        reverse("staff:initiative-update", kwargs={"pk": initiative.pk}),
        {"body": "Six of twelve poles are set.", "percent": "50"},
    )

    assert response.status_code in (302, 403, 404)
    assert not ProgressUpdate.objects.exists()


def test_an_official_completes_and_the_timeline_says_so(tree):
    person = official(tree.village)
    initiative = open_initiative(tree.village, by=person)
    client = staff_client(person)
    step = reverse("staff:initiative-step", kwargs={"pk": initiative.pk})

    client.post(step, {"action": "start"})
    done = client.post(step, {"action": "complete", "reason": "All twelve lights work."}, follow=True)

    initiative.refresh_from_db()
    assert initiative.status == Status.COMPLETED and initiative.percent == 100
    assert "Marked as completed" in done.content.decode()


def test_cancelling_needs_a_reason_and_unknown_steps_are_refused(tree):
    person = official(tree.village)
    initiative = open_initiative(tree.village, by=person)
    client = staff_client(person)
    step = reverse("staff:initiative-step", kwargs={"pk": initiative.pk})

    refused = client.post(step, {"action": "cancel", "reason": ""}, follow=True)
    unknown = client.post(step, {"action": "explode"})

    assert any("why the initiative is cancelled" in message for message in messages_of(refused))
    assert unknown.status_code == 400
    initiative.refresh_from_db()
    assert initiative.status == Status.PLANNED


def test_a_delayed_initiative_resumes_with_a_new_date_and_reason(tree):
    person = official(tree.village)
    initiative = open_initiative(tree.village, by=person, due_date=timezone.localdate() - datetime.timedelta(days=2))
    services.initiatives_mark_delayed()
    client = staff_client(person)
    step = reverse("staff:initiative-step", kwargs={"pk": initiative.pk})

    client.post(
        step, {"action": "resume", "reason": "The contractor's truck broke down.", "due_date": due(20).isoformat()}
    )

    initiative.refresh_from_db()
    assert initiative.status == Status.IN_PROGRESS and initiative.due_date == due(20)
    page = Client().get(initiative.get_absolute_url()).content.decode()
    assert "The contractor&#x27;s truck broke down." in page or "The contractor's truck broke down." in page


def test_milestones_are_added_done_and_moved_with_a_reason(tree):
    person = official(tree.village)
    initiative = open_initiative(tree.village, by=person)
    client = staff_client(person)

    client.post(
        reverse("staff:milestone-add", kwargs={"pk": initiative.pk}),
        {"title": "Poles set", "due_date": due(10).isoformat()},
    )
    milestone = initiative.milestones.get()
    client.post(
        reverse("staff:milestone-change", kwargs={"pk": milestone.pk}),
        {"action": "reschedule", "due_date": due(15).isoformat(), "reason": "Rain all week."},
    )
    client.post(reverse("staff:milestone-change", kwargs={"pk": milestone.pk}), {"action": "done"})

    milestone.refresh_from_db()
    assert milestone.due_date == due(15) and milestone.done_on == timezone.localdate()
    assert initiative.plan_changes.get().reason == "Rain all week."


def test_the_plan_form_records_a_moved_due_date_and_refuses_it_without_reason(tree):
    person = official(tree.village)
    initiative = open_initiative(tree.village, by=person)
    client = staff_client(person)
    url = reverse("staff:initiative-edit", kwargs={"pk": initiative.pk})

    refused = client.post(url, plan_post(due_date=due(90).isoformat()))
    saved = client.post(url, plan_post(due_date=due(90).isoformat(), reason="The poles arrive later."))

    assert refused.status_code == 200 and "Say why the due date" in refused.content.decode()
    assert saved.status_code == 302
    change = initiative.plan_changes.get()
    assert (change.old_date, change.new_date) == (due(), due(90))


# -- residents check the work -----------------------------------------------------------------------------------


def completed(territory) -> Initiative:
    person = official(territory)
    initiative = open_initiative(territory, by=person)
    services.initiative_start(actor=person, initiative=initiative)
    return services.initiative_complete(actor=person, initiative=initiative)


def test_a_resident_confirms_and_another_disputes_with_a_photo(tree):
    initiative = completed(tree.village)
    one, two = resident(tree.village), resident(tree.village)
    url = reverse("initiatives:check", kwargs={"pk": initiative.pk})

    signed_in(one).post(url, {"verdict": "confirmed"})
    signed_in(two).post(
        url, {"verdict": "done_badly", "comment": "Two of the lights do not work.", "photo": image_file()}
    )

    initiative.refresh_from_db()
    assert (initiative.confirmations, initiative.disputes) == (1, 1)
    response = Client().get(initiative.get_absolute_url())
    assert "Two of the lights do not work." in response.content.decode()
    # Disputes first: they wait for the officials' answer.
    assert [check.verdict for check in response.context["checks"]] == ["done_badly", "confirmed"]
    check = CompletionCheck.objects.get(verdict="done_badly")
    assert Client().get(check.thumbnail_url).status_code == 200


def test_a_resident_of_another_village_and_an_anonymous_visitor_cannot_check(tree, client):
    initiative = completed(tree.village)
    url = reverse("initiatives:check", kwargs={"pk": initiative.pk})

    response = signed_in(resident(tree.neighbour_village)).post(url, {"verdict": "confirmed"}, follow=True)
    anonymous = client.post(url, {"verdict": "confirmed"})

    assert any("Only verified residents" in message for message in messages_of(response))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not CompletionCheck.objects.exists()


def test_a_dispute_without_a_comment_is_refused(tree):
    initiative = completed(tree.village)
    response = signed_in(resident(tree.village)).post(
        reverse("initiatives:check", kwargs={"pk": initiative.pk}), {"verdict": "not_done"}, follow=True
    )

    assert any("at least 10 characters" in message for message in messages_of(response))
    assert not CompletionCheck.objects.exists()


# -- the ledger, the territory page, the staff queues ------------------------------------------------------------


def test_the_ledger_shows_each_step_with_its_days(client, tree):
    proposal = considered(tree.village)
    person = official(tree.village)
    services.initiative_open_from_proposal(
        actor=person,
        proposal=proposal,
        response="Accepted.",
        title=proposal.title,
        description=DESCRIPTION,
        category="lighting",
        responsible_body="Akim's office",
        due_date=due(),
    )

    response = client.get(f"/en/initiatives/ledger/{tree.district.kato_code}/")

    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row.proposal == proposal and row.initiative is not None and row.days_to_answer == 0
    assert response.context["summary"]["carried_out"] == 1
    assert client.get("/en/initiatives/ledger/000/").status_code == 404


def test_the_territory_page_shows_its_initiatives(client, tree):
    open_initiative(tree.village, title="Lights in the village")

    response = client.get(tree.district.get_absolute_url())

    assert "Lights in the village" in response.content.decode()


def test_the_staff_queues_list_disputed_delayed_and_stale_work_in_scope(tree):
    person = official(tree.district)
    late = open_initiative(tree.village, by=person, due_date=timezone.localdate() - datetime.timedelta(days=1))
    open_initiative(
        tree.neighbour_village, title="Not theirs", due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    Initiative.objects.filter(pk=late.pk).update(last_update_at=timezone.now() - datetime.timedelta(days=40))
    client = staff_client(person)

    delayed = client.get(reverse("staff:initiative-queue"), {"queue": "delayed"})
    stale = client.get(reverse("staff:initiative-queue"), {"queue": "stale"})
    console = client.get(reverse("staff:console"))

    assert [item.pk for item in delayed.context["page_obj"]] == [late.pk]
    assert [item.pk for item in stale.context["page_obj"]] == [late.pk]
    assert console.context["initiatives"]["delayed"] == 1


def test_a_moderator_sees_that_officials_run_initiatives(tree):
    response = staff_client(moderator(tree.village)).get(reverse("staff:initiative-queue"))

    assert response.status_code == 200 and response.context["summary"] is None


# -- query counts ---------------------------------------------------------------------------------------------------


def grow(territory, count: int) -> Initiative:
    person = official(territory)
    last = None
    for number in range(count):
        last = open_initiative(
            territory, by=person, title=f"Initiative {number}", milestones=[("Step one", due(5)), ("Step two", due(9))]
        )
        for day in range(2):
            services.update_post(
                actor=person,
                initiative=last,
                body=f"Update {day} of work {number}.",
                percent=10 + day,
                photos=[image_file()] if day == 0 else [],
            )
    return last


@pytest.mark.parametrize("size", [2, 6])
def test_the_list_page_needs_the_same_queries_at_any_size(client, tree, size, django_assert_max_num_queries):
    grow(tree.village, size)

    Initiative.objects.filter(pk__in=Initiative.objects.values("pk")[:1]).update(
        start_date=None, due_date=timezone.localdate() - datetime.timedelta(days=1)
    )

    with django_assert_max_num_queries(3):
        response = client.get("/en/initiatives/", {"territory": tree.district.kato_code})
    with django_assert_max_num_queries(3):
        delayed = client.get("/en/initiatives/", {"territory": tree.district.kato_code, "delayed": "1"})
    assert len(response.context["page_obj"]) == size and len(delayed.context["page_obj"]) == 1


@pytest.mark.parametrize("size", [1, 4])
def test_the_detail_page_needs_the_same_queries_at_any_size(tree, size, django_assert_max_num_queries):
    initiative = grow(tree.village, size)
    for number in range(size):
        services.update_post(
            actor=initiative.created_by,
            initiative=initiative,
            body=f"More work, round {number}.",
            percent=20 + number,
            photos=[image_file()],
        )
    viewer = resident(tree.village)
    client = signed_in(viewer)

    with django_assert_max_num_queries(17):
        response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_the_ledger_needs_the_same_queries_at_any_size(client, tree, size, django_assert_max_num_queries):
    person = official(tree.village)
    for _ in range(size):
        proposal = considered(tree.village)
        services.initiative_open_from_proposal(
            actor=person,
            proposal=proposal,
            response="Accepted.",
            title=proposal.title,
            description=DESCRIPTION,
            category="lighting",
            responsible_body="Akim's office",
            due_date=due(),
        )

    with django_assert_max_num_queries(5):
        response = client.get(f"/en/initiatives/ledger/{tree.district.kato_code}/")
    assert response.status_code == 200 and len(response.context["rows"]) == size


def test_the_ledger_copes_with_an_accepted_proposal_that_has_no_response(client, tree):
    # Data from before responses were required (or loaded by hand): no answer date, no days to count.
    from apps.proposals.models import OfficialResponse

    proposal = considered(tree.village)
    services.initiative_open_from_proposal(
        actor=official(tree.village),
        proposal=proposal,
        response="Accepted.",
        title=proposal.title,
        description=DESCRIPTION,
        category="lighting",
        responsible_body="Akim's office",
        due_date=due(),
    )
    OfficialResponse.objects.all().delete()

    response = client.get(f"/en/initiatives/ledger/{tree.village.kato_code}/")

    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row.answered is None and row.days_to_initiative is None and row.initiative is not None


def test_a_dispute_photo_does_not_stay_under_a_changed_mind(tree):
    initiative = completed(tree.village)
    person = resident(tree.village)
    url = reverse("initiatives:check", kwargs={"pk": initiative.pk})
    signed_in(person).post(url, {"verdict": "not_done", "comment": "Nothing was done here.", "photo": image_file()})

    signed_in(person).post(url, {"verdict": "confirmed"})

    check = CompletionCheck.objects.get()
    assert check.verdict == "confirmed" and not check.image
    initiative.refresh_from_db()
    assert (initiative.confirmations, initiative.disputes) == (1, 0)
