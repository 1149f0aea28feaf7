"""The initiative services: opening, the status machine both ways, the plan and its changes, progress updates."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from apps.discussions.models import Subscription, Thread
from apps.initiatives import services, signals
from apps.initiatives.models import (
    Initiative,
    Milestone,
    PlanChange,
    ProgressUpdate,
    StatusChange,
    UpdatePhoto,
)
from apps.initiatives.services import updates
from apps.proposals import images
from apps.proposals import services as proposal_services
from apps.proposals.models import OfficialResponse, Proposal
from apps.proposals.models import StatusChange as ProposalStatusChange
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import (
    DESCRIPTION,
    RESPONSE,
    accepted_proposal,
    completed,
    considered_proposal,
    in_days,
    initiative,
    moderator,
    official,
    photo,
    received,
    resident,
    started,
)

Status = Initiative.Status
REASON = "The contractor's supplier delivered the poles a month late."
UPDATE = "Six of the twelve poles are standing; the cable is laid from the school to the mosque."


def at(item: Initiative, status: str, **fields) -> Initiative:
    """Put ``item`` in ``status`` directly (arranging a test, not a step the services take)."""
    Initiative.objects.filter(pk=item.pk).update(status=status, **fields)
    item.refresh_from_db()
    return item


def timeline(item: Initiative) -> list[tuple[str, str]]:
    return list(item.status_changes.order_by("created_at", "pk").values_list("from_status", "to_status"))


# -- opening -----------------------------------------------------------------------------------------------


def test_an_official_opens_an_initiative_with_its_plan_and_milestones(tree, django_capture_on_commit_callbacks):
    runner = official(tree.rural_district)
    responsible = official(tree.village)

    with received(signals.initiative_opened) as opened, django_capture_on_commit_callbacks(execute=True):
        item = initiative(
            tree.village,
            by=runner,
            description="**Twelve** LED street lights <script>alert(1)</script> along Abai street.",
            responsible_official=responsible,
            contractor="  Zharyq LLP  ",
            budget_planned=Decimal("4500000.4"),
            funding_source="district_budget",
            budget_programme="451  015 000",
            start_date=in_days(1),
            due_date=in_days(90),
            milestones=[("Poles delivered", in_days(20)), ("Cable laid", in_days(50))],
        )

    item.refresh_from_db()
    assert item.status == Status.PLANNED and item.territory == tree.village and item.created_by == runner
    assert item.responsible_official == responsible and item.contractor == "Zharyq LLP"
    assert item.budget_planned == Decimal("4500000") and item.budget_spent == 0
    assert item.funding_source == "district_budget" and item.budget_programme == "451 015 000"
    assert (item.start_date, item.due_date, item.percent) == (in_days(1), in_days(90), 0)
    assert "<strong>Twelve</strong>" in item.description_html and "<script" not in item.description_html
    assert [(m.title, m.due_date, m.order) for m in item.milestones.all()] == [
        ("Poles delivered", in_days(20), 0),
        ("Cable laid", in_days(50), 1),
    ]
    first = item.status_changes.get()
    assert (first.from_status, first.to_status, first.actor) == ("", Status.PLANNED, runner)
    assert first.event == "Initiative opened"
    assert item.thread is not None and item.discussion_is_open()
    assert set(Subscription.objects.filter(thread=item.thread).values_list("user_id", flat=True)) == {runner.pk}
    assert [sent["initiative"].pk for sent in opened] == [item.pk]


def test_an_initiative_carries_out_accepted_proposals_and_their_authors_follow_it(tree):
    runner = official(tree.rural_district)
    authors = [resident(tree.village), resident(tree.other_village)]
    proposals = [
        accepted_proposal(tree.village, author=authors[0]),
        accepted_proposal(tree.other_village, author=authors[1]),
    ]

    item = initiative(tree.rural_district, by=runner, proposals=proposals)

    assert set(item.proposals.all()) == set(proposals)
    assert set(Subscription.objects.filter(thread=item.thread).values_list("user_id", flat=True)) == {
        runner.pk,
        *(author.pk for author in authors),
    }
    assert [carried.pk for carried in proposals[0].initiatives.all()] == [item.pk]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": "Lamp"}, "at least 5 characters"),
        ({"description": "Lights."}, "at least 10 characters"),
        ({"responsible_body": "Ak"}, "at least 3 characters"),
        ({"category": "parties"}, "category"),
        ({"funding_source": "lottery"}, "source of funds"),
        ({"budget_programme": "12-ab"}, "groups of three digits"),
        ({"budget_planned": Decimal("-1")}, "between 0"),
        ({"due_date": None}, "date the work is due"),
        ({"start_date": in_days(10), "due_date": in_days(5)}, "is after the due date"),
        ({"milestones": [("Poles delivered", None)]}, "each milestone a date"),
        ({"milestones": [("X", in_days(5))]}, "milestone's title"),
    ],
)
def test_bad_plans_are_refused_and_nothing_is_written(tree, values, message):
    runner = official(tree.village)
    threads = Thread.objects.count()

    with pytest.raises(ValidationError, match=message):
        initiative(tree.village, by=runner, **values)

    assert not Initiative.objects.exists() and not StatusChange.objects.exists()
    assert Thread.objects.count() == threads


def test_the_responsible_official_must_be_an_official_there(tree):
    with pytest.raises(ValidationError, match="is not an official of"):
        initiative(tree.village, responsible_official=official(tree.neighbour_district))
    with pytest.raises(ValidationError, match="is not an official of"):
        initiative(tree.village, responsible_official=moderator(tree.village))

    assert not Initiative.objects.exists()
    assert initiative(tree.village, responsible_official=official(tree.district)).responsible_official is not None


def test_nobody_opens_an_initiative_for_the_whole_republic_or_outside_their_territory(tree):
    with pytest.raises(PermissionDenied, match="not the whole Republic"):
        initiative(tree.republic, by=UserFactory(is_superuser=True))
    with pytest.raises(PermissionDenied, match="Only officials and administrators"):
        initiative(tree.village, by=official(tree.neighbour_district))
    with pytest.raises(PermissionDenied):
        initiative(tree.village, by=resident(tree.village))

    assert not Initiative.objects.exists()


def test_only_accepted_proposals_are_carried_out(tree):
    considered = considered_proposal(tree.village)
    runner = official(tree.village)
    threads = Thread.objects.count()

    with pytest.raises(ValidationError, match="is not accepted"):
        initiative(tree.village, by=runner, proposals=[considered])

    assert not Initiative.objects.exists() and Thread.objects.count() == threads
    considered.refresh_from_db()
    assert considered.status == Proposal.Status.UNDER_CONSIDERATION


@pytest.mark.parametrize("where", ["other_village", "district"])
def test_a_proposal_outside_the_initiatives_territory_is_refused(tree, where):
    proposal = accepted_proposal(getattr(tree, where), by=official(tree.district))

    with pytest.raises(ValidationError, match="outside"):
        initiative(tree.village, by=official(tree.district), proposals=[proposal])

    assert not Initiative.objects.exists() and not proposal.initiatives.exists()


def test_a_proposal_is_carried_out_by_one_initiative_unless_that_one_is_cancelled(tree):
    runner = official(tree.village)
    proposal = accepted_proposal(tree.village)
    first = initiative(tree.village, by=runner, proposals=[proposal])

    with pytest.raises(ValidationError, match=f"already carried out by initiative № {first.pk}"):
        initiative(tree.village, by=runner, proposals=[proposal], title="Street lights, again")
    assert Initiative.objects.count() == 1

    services.initiative_cancel(actor=runner, initiative=first, reason="The district pays for all lights instead.")
    second = initiative(tree.village, by=runner, proposals=[proposal], title="Street lights, by the district")

    assert set(proposal.initiatives.all()) == {first, second}


def test_accept_and_open_is_one_step_for_the_official(tree):
    author = resident(tree.village)
    proposal = considered_proposal(tree.village, author=author)
    other = accepted_proposal(tree.village)
    runner = official(tree.village)

    item = services.initiative_open_from_proposal(
        actor=runner,
        proposal=proposal,
        response=RESPONSE,
        also=[other],
        title="Street lights on Abai street",
        description=DESCRIPTION,
        category="lighting",
        responsible_body="Akimat of Arshaly village",
        due_date=in_days(60),
    )

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    response = OfficialResponse.objects.get(proposal=proposal)
    assert response.author == runner and response.body == RESPONSE
    assert item.territory == tree.village and set(item.proposals.all()) == {proposal, other}
    assert Subscription.objects.filter(thread=item.thread, user=author).exists()


def test_an_accepted_proposal_keeps_its_response_when_an_initiative_is_opened_from_it(tree):
    proposal = accepted_proposal(tree.village)
    runner = official(tree.village)

    item = services.initiative_open_from_proposal(
        actor=runner,
        proposal=proposal,
        response="This text is not used.",
        title="Street lights on Abai street",
        description=DESCRIPTION,
        category="lighting",
        responsible_body="Akimat of Arshaly village",
        due_date=in_days(60),
    )

    assert list(item.proposals.all()) == [proposal]
    assert OfficialResponse.objects.get(proposal=proposal).body == RESPONSE


def test_invalid_initiative_fields_roll_the_acceptance_back(tree):
    proposal = considered_proposal(tree.village)
    threads, changes = Thread.objects.count(), ProposalStatusChange.objects.count()

    with pytest.raises(ValidationError, match="at least 5 characters"):
        services.initiative_open_from_proposal(
            actor=official(tree.village),
            proposal=proposal,
            response=RESPONSE,
            title="Lamp",
            description=DESCRIPTION,
            category="lighting",
            responsible_body="Akimat of Arshaly village",
            due_date=in_days(60),
        )

    # The caller's object does not claim an acceptance that was rolled back (the form is shown again with it).
    assert proposal.status == Proposal.Status.UNDER_CONSIDERATION
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNDER_CONSIDERATION
    assert not OfficialResponse.objects.filter(proposal=proposal).exists()
    assert ProposalStatusChange.objects.count() == changes
    assert not Initiative.objects.exists() and Thread.objects.count() == threads


def test_accepting_without_a_response_opens_nothing(tree):
    proposal = considered_proposal(tree.village)

    with pytest.raises(ValidationError, match="public response"):
        services.initiative_open_from_proposal(
            actor=official(tree.village),
            proposal=proposal,
            response="",
            title="Street lights on Abai street",
            description=DESCRIPTION,
            category="lighting",
            responsible_body="Akimat of Arshaly village",
            due_date=in_days(60),
        )

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNDER_CONSIDERATION and not Initiative.objects.exists()


def test_a_declined_proposal_is_not_carried_out(tree):
    runner = official(tree.village)
    proposal = considered_proposal(tree.village, by=runner)
    proposal_services.proposal_decline(actor=runner, proposal=proposal, response="Not in the budget this year.")

    with pytest.raises(PermissionDenied, match="under consideration or accepted"):
        services.initiative_open_from_proposal(
            actor=runner,
            proposal=proposal,
            title="Street lights on Abai street",
            description=DESCRIPTION,
            category="lighting",
            responsible_body="Akimat of Arshaly village",
            due_date=in_days(60),
        )
    assert not Initiative.objects.exists()


# -- the status machine -------------------------------------------------------------------------------------


def _arguments(step) -> dict:
    """What each step needs: a reason when the table says so, a new due date to resume or reopen."""
    arguments = {}
    if step.reason_required:
        arguments["reason"] = REASON
    if str(step.target) == Status.IN_PROGRESS and str(step.source) == Status.DELAYED:
        arguments["due_date"] = in_days(30)
    if str(step.target) == Status.REOPENED:
        arguments["due_date"] = in_days(30)
    if step.system:
        arguments["reason_code"] = (
            StatusChange.Reason.DISPUTES if str(step.target) == Status.DISPUTED else StatusChange.Reason.DUE_DATE_PASSED
        )
    return arguments


@pytest.mark.parametrize("step", list(Initiative.TRANSITIONS), ids=lambda step: f"{step.source}-{step.target}")
def test_every_step_of_the_table_is_taken_by_who_may_take_it(tree, step, django_capture_on_commit_callbacks):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)
    arrange = {"completed_at": timezone.now()} if step.source in (Status.COMPLETED, Status.DISPUTED) else {}
    at(item, step.source, **arrange)
    actor = None if step.system else runner

    with received(signals.status_changed) as sent, django_capture_on_commit_callbacks(execute=True):
        services.initiative_transition(actor=actor, initiative=item, to_status=step.target, **_arguments(step))

    assert item.status == step.target
    item.refresh_from_db()
    assert item.status == step.target
    change = item.status_changes.order_by("-created_at", "-pk").first()
    assert (change.from_status, change.to_status, change.actor) == (step.source, step.target, actor)
    assert change.reason == (REASON if step.reason_required else "")
    assert bool(change.reason_code) == step.system
    assert [(event["initiative"].pk, event["change"].pk) for event in sent] == [(item.pk, change.pk)]
    assert item.status_changes.count() == 2


def test_steps_outside_the_table_are_refused_from_every_status(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)
    refused = 0

    for source in Status.values:
        for target in Status.values:
            if Initiative.TRANSITIONS.get(source, target) is not None:
                continue
            at(item, source)
            with pytest.raises(ValidationError) as error:
                services.initiative_transition(
                    actor=runner, initiative=item, to_status=target, reason=REASON, due_date=in_days(30)
                )
            assert error.value.code == "transition"
            refused += 1

    assert refused == len(Status.values) ** 2 - len(Initiative.TRANSITIONS)
    assert item.status_changes.count() == 1  # only the opening


@pytest.mark.parametrize(
    "step",
    [step for step in Initiative.TRANSITIONS if step.reason_required],
    ids=lambda step: f"{step.source}-{step.target}",
)
def test_steps_that_need_a_reason_are_refused_without_one(tree, step):
    runner = official(tree.village)
    item = at(initiative(tree.village, by=runner), step.source, completed_at=timezone.now())
    arguments = _arguments(step) | {"reason": "   "}

    with pytest.raises(ValidationError) as error:
        services.initiative_transition(actor=runner, initiative=item, to_status=step.target, **arguments)

    assert error.value.code == "reason"
    item.refresh_from_db()
    assert item.status == step.source and item.status_changes.count() == 1
    assert not PlanChange.objects.exists()


@pytest.mark.parametrize(
    "step", [step for step in Initiative.TRANSITIONS if step.system], ids=lambda step: f"{step.source}-{step.target}"
)
def test_the_sites_own_steps_are_refused_to_people(tree, step):
    runner = official(tree.village)
    item = at(initiative(tree.village, by=runner), step.source, completed_at=timezone.now())

    for person in (runner, UserFactory(is_superuser=True)):
        with pytest.raises(PermissionDenied, match="taken by the site itself"):
            services.initiative_transition(actor=person, initiative=item, to_status=step.target)

    item.refresh_from_db()
    assert item.status == step.source and item.status_changes.count() == 1


def test_peoples_steps_are_refused_to_the_site_and_to_others(tree):
    item = initiative(tree.village)

    for person in (None, resident(tree.village), moderator(tree.village), official(tree.neighbour_district)):
        with pytest.raises(PermissionDenied):
            services.initiative_start(actor=person, initiative=item)

    item.refresh_from_db()
    assert item.status == Status.PLANNED and item.status_changes.count() == 1


def test_what_an_official_is_offered(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)

    assert set(item.available_transitions(runner)) == {"start", "cancel"}
    assert item.available_transitions(resident(tree.village)) == {}
    assert item.available_transitions(moderator(tree.village)) == {}
    started(item, runner)
    assert set(item.available_transitions(runner)) == {"complete", "cancel"}


def test_starting_sets_the_start_date_once_and_completing_sets_percent_and_time(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)
    planned = initiative(tree.village, by=runner, title="Benches in the park", start_date=in_days(3))

    started(item, runner)
    started(planned, runner)
    assert item.start_date == timezone.localdate()
    assert planned.start_date == in_days(3)  # a start date of the plan is kept

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        services.initiative_complete(actor=runner, initiative=item)
        done_at = timezone.now()
    item.refresh_from_db()
    assert (item.status, item.percent, item.completed_at) == (Status.COMPLETED, 100, done_at)
    assert item.is_checked_by_residents and not item.is_open
    assert timeline(item) == [("", "planned"), ("planned", "in_progress"), ("in_progress", "completed")]


def test_resuming_needs_a_new_due_date_in_the_future_and_records_the_move(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner, due_date=in_days(10))
    old_due = item.due_date
    at(item, Status.DELAYED)

    with pytest.raises(ValidationError, match="Give the new due date"):
        services.initiative_resume(actor=runner, initiative=item, due_date=None, reason=REASON)
    with pytest.raises(ValidationError, match="cannot be in the past"):
        services.initiative_resume(actor=runner, initiative=item, due_date=in_days(-1), reason=REASON)
    with pytest.raises(ValidationError, match="why the work is late"):
        services.initiative_resume(actor=runner, initiative=item, due_date=in_days(30), reason="")
    assert item.status_changes.count() == 1 and not PlanChange.objects.exists()

    services.initiative_resume(actor=runner, initiative=item, due_date=in_days(30), reason=REASON)

    item.refresh_from_db()
    assert (item.status, item.due_date) == (Status.IN_PROGRESS, in_days(30))
    move = PlanChange.objects.get(initiative=item)
    assert (move.field, move.old_date, move.new_date, move.reason, move.actor) == (
        PlanChange.Field.DUE_DATE,
        old_due,
        in_days(30),
        REASON,
        runner,
    )
    assert item.status_changes.last().event == str(StatusChange.RESUMED)


def test_resuming_is_refused_while_a_milestone_is_late(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)
    milestone = Milestone.objects.create(initiative=item, title="Poles delivered", due_date=in_days(-3))
    at(item, Status.DELAYED)

    with pytest.raises(ValidationError, match="“Poles delivered” was due"):
        services.initiative_resume(actor=runner, initiative=item, due_date=in_days(30), reason=REASON)
    item.refresh_from_db()
    assert item.status == Status.DELAYED and not PlanChange.objects.exists()

    services.milestone_mark_done(actor=runner, milestone=milestone, done_on=in_days(-1))
    services.initiative_resume(actor=runner, initiative=item, due_date=in_days(30), reason=REASON)
    assert item.status == Status.IN_PROGRESS


def test_a_cancelled_initiative_closes_its_discussion(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)

    services.initiative_cancel(actor=runner, initiative=item, reason="The road is rebuilt first; lights come with it.")

    item.refresh_from_db()
    assert item.is_cancelled and not item.discussion_is_open()
    assert item.status_changes.last().reason == "The road is rebuilt first; lights come with it."


# -- the plan -------------------------------------------------------------------------------------------------


def test_moving_the_due_date_or_the_budget_needs_a_reason_and_keeps_the_old_value(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner, budget_planned=Decimal(1_000_000), due_date=in_days(30))

    with pytest.raises(ValidationError, match="Say why the due date or the budget changes"):
        services.initiative_edit(actor=runner, initiative=item, due_date=in_days(60))
    with pytest.raises(ValidationError, match="Say why"):
        services.initiative_edit(actor=runner, initiative=item, budget_planned=Decimal(1_200_000), reason=" ")
    item.refresh_from_db()
    assert (item.due_date, item.budget_planned) == (in_days(30), Decimal(1_000_000))
    assert not PlanChange.objects.exists()

    services.initiative_edit(
        actor=runner, initiative=item, due_date=in_days(60), budget_planned=Decimal("1200000"), reason=REASON
    )

    assert (item.due_date, item.budget_planned) == (in_days(60), Decimal(1_200_000))
    due = PlanChange.objects.get(field=PlanChange.Field.DUE_DATE)
    assert (due.old_date, due.new_date, due.reason, due.actor) == (in_days(30), in_days(60), REASON, runner)
    budget = PlanChange.objects.get(field=PlanChange.Field.BUDGET)
    assert (budget.old_amount, budget.new_amount, budget.reason) == (Decimal(1_000_000), Decimal(1_200_000), REASON)
    assert due.is_date and not budget.is_date


def test_descriptive_edits_need_no_reason_and_leave_no_plan_change(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)

    services.initiative_edit(
        actor=runner,
        initiative=item,
        title="Street lights on Abai and Kenesary streets",
        description="Now **both** streets get lights.",
        contractor="Zharyq LLP",
        due_date=item.due_date,  # unchanged: no reason needed
    )

    assert item.title == "Street lights on Abai and Kenesary streets" and item.contractor == "Zharyq LLP"
    assert "<strong>both</strong>" in item.description_html
    assert not PlanChange.objects.exists()


def test_edits_are_checked_like_the_opening(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner, due_date=in_days(30))

    with pytest.raises(TypeError, match="status"):
        services.initiative_edit(actor=runner, initiative=item, status="completed")
    with pytest.raises(ValidationError, match="at least 5 characters"):
        services.initiative_edit(actor=runner, initiative=item, title="Lamp")
    with pytest.raises(ValidationError, match="after the due date"):
        services.initiative_edit(actor=runner, initiative=item, start_date=in_days(31))
    with pytest.raises(ValidationError, match="is not an official of"):
        services.initiative_edit(actor=runner, initiative=item, responsible_official=resident(tree.village))
    with pytest.raises(PermissionDenied):
        services.initiative_edit(actor=official(tree.neighbour_district), initiative=item, title="Someone else's")

    item.refresh_from_db()
    assert item.title == "Street lights on Abai street" and item.start_date is None


def test_the_plan_of_a_closed_initiative_no_longer_moves(tree):
    runner = official(tree.village)
    item = completed(initiative(tree.village, by=runner), runner)

    with pytest.raises(PermissionDenied, match="no longer changes"):
        services.initiative_edit(actor=runner, initiative=item, due_date=in_days(90), reason=REASON)
    with pytest.raises(PermissionDenied, match="no longer changes"):
        services.milestone_add(actor=runner, initiative=item, title="Extra poles", due_date=in_days(10))

    assert not PlanChange.objects.exists() and not item.milestones.exists()


def test_milestones_are_added_done_and_moved_with_a_reason(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner, milestones=[("Poles delivered", in_days(10))])

    cable = services.milestone_add(actor=runner, initiative=item, title="  Cable laid ", due_date=in_days(20))
    assert (cable.title, cable.order) == ("Cable laid", 1)
    with pytest.raises(ValidationError, match="Give the milestone a date"):
        services.milestone_add(actor=runner, initiative=item, title="Lamps fitted", due_date=None)
    with pytest.raises(PermissionDenied):
        services.milestone_add(
            actor=moderator(tree.village), initiative=item, title="Lamps fitted", due_date=in_days(5)
        )

    poles = item.milestones.get(title="Poles delivered")
    with pytest.raises(ValidationError, match="in the future"):
        services.milestone_mark_done(actor=runner, milestone=poles, done_on=in_days(1))
    services.milestone_mark_done(actor=runner, milestone=poles)
    assert poles.done_on == timezone.localdate() and not poles.is_late

    with pytest.raises(ValidationError, match="Say why the milestone moves"):
        services.milestone_reschedule(actor=runner, milestone=cable, due_date=in_days(40), reason="")
    with pytest.raises(ValidationError, match="cannot be in the past"):
        services.milestone_reschedule(actor=runner, milestone=cable, due_date=in_days(-1), reason=REASON)
    services.milestone_reschedule(actor=runner, milestone=cable, due_date=in_days(20), reason=REASON)
    assert not PlanChange.objects.exists()  # the same date: nothing moved

    services.milestone_reschedule(actor=runner, milestone=cable, due_date=in_days(40), reason=REASON)

    assert cable.due_date == in_days(40)
    move = PlanChange.objects.get()
    assert (move.field, move.milestone, move.old_date, move.new_date, move.reason, move.actor) == (
        PlanChange.Field.MILESTONE,
        cable,
        in_days(20),
        in_days(40),
        REASON,
        runner,
    )
    assert item.milestones.count() == 2


# -- progress updates -------------------------------------------------------------------------------------------


def test_an_update_moves_the_initiative_and_starts_planned_work(tree, django_capture_on_commit_callbacks):
    runner = official(tree.village)
    opened = timezone.now()
    with time_machine.travel(opened, tick=False):
        item = initiative(tree.village, by=runner, budget_planned=Decimal(1_000_000))
    later = opened + datetime.timedelta(hours=2)

    with (
        time_machine.travel(later, tick=False),
        received(signals.update_posted) as posted,
        django_capture_on_commit_callbacks(execute=True),
    ):
        update = services.update_post(actor=runner, initiative=item, body=UPDATE, percent=40, spent=Decimal("350000"))

    assert (update.author, update.percent, update.spent, update.reported_on) == (
        runner,
        40,
        Decimal(350_000),
        timezone.localdate(),
    )
    item.refresh_from_db()
    assert (item.percent, item.budget_spent, item.last_update_at) == (40, Decimal(350_000), later)
    assert item.status == Status.IN_PROGRESS and item.start_date == timezone.localdate(later)
    assert timeline(item) == [("", "planned"), ("planned", "in_progress")]
    assert item.status_changes.last().actor == runner
    assert [sent["update"].pk for sent in posted] == [update.pk]
    assert item.budget_left == Decimal(650_000) and not item.is_over_budget


def test_an_update_with_nothing_done_leaves_the_work_planned_and_keeps_the_money_spent(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)
    services.update_post(actor=runner, initiative=item, body=UPDATE, percent=0, spent=Decimal(10))

    services.update_post(
        actor=runner, initiative=item, body="The contract is signed; work starts on Monday.", percent=0
    )

    item.refresh_from_db()
    assert (item.status, item.percent, item.budget_spent) == (Status.PLANNED, 0, Decimal(10))
    assert item.updates.count() == 2 and item.status_changes.count() == 1


def test_a_delayed_initiative_takes_updates_and_stays_delayed(tree):
    runner = official(tree.village)
    item = at(initiative(tree.village, by=runner), Status.DELAYED)

    services.update_post(actor=runner, initiative=item, body=UPDATE, percent=70)

    item.refresh_from_db()
    assert (item.status, item.percent) == (Status.DELAYED, 70)


def test_up_to_five_photos_stored_without_metadata(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (51.0, 10.0, 0.0)}  # GPS latitude
    uploads = [photo("with-gps.jpg", size=(800, 600), exif=exif.tobytes())] + [photo(f"p{n}.jpg") for n in range(4)]

    update = services.update_post(actor=runner, initiative=item, body=UPDATE, percent=10, photos=uploads)

    stored = list(update.photos.all())
    assert [item.order for item in stored] == [0, 1, 2, 3, 4]
    first = stored[0]
    with first.image.open("rb") as raw, Image.open(raw) as picture:
        assert picture.size == (800, 600)
        assert not picture.getexif() and "exif" not in picture.info
    assert (first.width, first.height) == (800, 600)
    assert first.thumbnail.name and "with-gps" not in first.image.name  # the person's file name is not kept


def test_a_sixth_photo_is_refused_before_any_photo_is_decoded(tree, monkeypatch):
    decoded = []
    real = images._decode
    monkeypatch.setattr(images, "_decode", lambda upload: decoded.append(upload.name) or real(upload))
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)

    with pytest.raises(ValidationError, match="at most 5 photos; you chose 6"):
        services.update_post(
            actor=runner, initiative=item, body=UPDATE, percent=10, photos=[photo(f"p{n}.jpg") for n in range(6)]
        )

    assert decoded == []
    assert not ProgressUpdate.objects.exists() and not UpdatePhoto.objects.exists()
    item.refresh_from_db()
    assert (item.percent, item.status) == (0, Status.PLANNED)


def test_an_unreadable_photo_refuses_the_whole_update(tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    runner = official(tree.village)
    item = initiative(tree.village, by=runner)
    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")

    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        services.update_post(actor=runner, initiative=item, body=UPDATE, percent=10, photos=[photo(), fake])

    assert not ProgressUpdate.objects.exists() and not UpdatePhoto.objects.exists()


def test_a_double_submit_returns_the_first_update(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)

    first = services.update_post(actor=runner, initiative=item, body=UPDATE, percent=30)
    again = services.update_post(actor=runner, initiative=item, body=f"  {UPDATE}\n", percent=35)

    assert again.pk == first.pk and ProgressUpdate.objects.count() == 1
    item.refresh_from_db()
    assert item.percent == 30
    # Another official with the same words, or the same one after the window, posts a new update.
    colleague = services.update_post(actor=official(tree.district), initiative=item, body=UPDATE, percent=35)
    later = timezone.now() + updates.DOUBLE_SUBMIT_WINDOW + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        after = services.update_post(actor=runner, initiative=item, body=UPDATE, percent=45)
    assert len({first.pk, colleague.pk, after.pk}) == 3 and ProgressUpdate.objects.count() == 3
    item.refresh_from_db()
    assert item.percent == 45


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"reported_on": in_days(1)}, "cannot be dated in the future"),
        ({"reported_on": in_days(-61)}, "at most 60 days back"),
        ({"percent": 101}, "from 0 to 100"),
        ({"percent": -1}, "from 0 to 100"),
        ({"spent": Decimal(-5)}, "between 0"),
        ({"body": "Done."}, "at least 10 characters"),
    ],
)
def test_bad_updates_are_refused(tree, values, message):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)

    with pytest.raises(ValidationError, match=message):
        services.update_post(actor=runner, initiative=item, **({"body": UPDATE, "percent": 10} | values))

    assert not ProgressUpdate.objects.exists()


def test_an_update_may_be_dated_back(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)

    update = services.update_post(actor=runner, initiative=item, body=UPDATE, percent=10, reported_on=in_days(-60))

    assert update.reported_on == in_days(-60)


@pytest.mark.parametrize("closing", ["complete", "cancel"])
def test_no_updates_on_closed_initiatives(tree, closing):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)
    if closing == "complete":
        completed(item, runner)
    else:
        services.initiative_cancel(actor=runner, initiative=item, reason="The district does it instead.")

    with pytest.raises(PermissionDenied, match="this initiative is closed"):
        services.update_post(actor=runner, initiative=item, body=UPDATE, percent=100)

    assert not ProgressUpdate.objects.exists()


def test_only_officials_of_the_territory_post_updates(tree):
    item = initiative(tree.village)

    for person in (moderator(tree.village), resident(tree.village), official(tree.neighbour_district)):
        with pytest.raises(PermissionDenied):
            services.update_post(actor=person, initiative=item, body=UPDATE, percent=10)

    assert not ProgressUpdate.objects.exists()
