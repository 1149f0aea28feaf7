"""Late work: the daily pass that marks it delayed (service, command, Celery task) and the dates pages derive from."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.initiatives import selectors, services, signals, tasks
from apps.initiatives.models import Initiative, Milestone, StatusChange
from tests.initiatives.factories import completed, in_days, initiative, official, received, started

Status = Initiative.Status
RUN_ON = 15  # the pass runs 15 days from now: due dates before that have passed


@pytest.fixture
def runner(tree):
    return official(tree.village)


@pytest.fixture
def work(tree, runner):
    """One initiative of each kind the daily pass must tell apart."""
    late_due = initiative(tree.village, by=runner, title="Lights, due in ten days", due_date=in_days(10))
    late_milestone = initiative(
        tree.village,
        by=runner,
        title="Benches, with a milestone",
        milestones=[("Benches delivered", in_days(5)), ("Benches fixed", in_days(30))],
    )
    late_started = started(initiative(tree.village, by=runner, title="Road, started", due_date=in_days(14)), runner)
    on_time = initiative(
        tree.village, by=runner, title="Park, on time", milestones=[("Trees planted", in_days(RUN_ON))]
    )
    milestone_done = initiative(tree.village, by=runner, title="Well, milestone done", milestones=[("Dug", in_days(5))])
    services.milestone_mark_done(actor=runner, milestone=milestone_done.milestones.get(), done_on=timezone.localdate())
    done = completed(initiative(tree.village, by=runner, title="Fence, completed", due_date=in_days(10)), runner)
    cancelled = initiative(tree.village, by=runner, title="Stadium, cancelled", due_date=in_days(10))
    services.initiative_cancel(actor=runner, initiative=cancelled, reason="No land for it this year.")
    return {
        "late_due": late_due,
        "late_milestone": late_milestone,
        "late_started": late_started,
        "on_time": on_time,
        "milestone_done": milestone_done,
        "done": done,
        "cancelled": cancelled,
    }


def statuses(work) -> dict[str, str]:
    return {name: Initiative.objects.get(pk=item.pk).status for name, item in work.items()}


def test_the_daily_pass_marks_late_work_delayed_and_nothing_else(work, django_capture_on_commit_callbacks):
    before = statuses(work)

    with (
        received(signals.initiative_delayed) as delayed,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        marked = services.initiatives_mark_delayed(today=in_days(RUN_ON))
        assert delayed == []  # nothing is said before the commit
    for callback in callbacks:
        with received(signals.initiative_delayed) as sent:
            callback()
        delayed += sent

    late = ("late_due", "late_milestone", "late_started")
    assert marked == sorted(work[name].pk for name in late)
    assert statuses(work) == before | dict.fromkeys(late, Status.DELAYED)
    reasons = {
        work[name].pk: list(
            StatusChange.objects.filter(initiative=work[name], to_status=Status.DELAYED).values_list(
                "from_status", "actor", "reason_code", "reason"
            )
        )
        for name in late
    }
    assert reasons == {
        work["late_due"].pk: [(Status.PLANNED, None, StatusChange.Reason.DUE_DATE_PASSED, "")],
        work["late_milestone"].pk: [(Status.PLANNED, None, StatusChange.Reason.MILESTONE_PASSED, "Benches delivered")],
        work["late_started"].pk: [(Status.IN_PROGRESS, None, StatusChange.Reason.DUE_DATE_PASSED, "")],
    }
    assert sorted(event["initiative"].pk for event in delayed) == marked
    assert all(event["change"].to_status == Status.DELAYED for event in delayed)


def test_the_daily_pass_is_idempotent(work, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.initiatives_mark_delayed(today=in_days(RUN_ON))
    changes = StatusChange.objects.count()

    with received(signals.initiative_delayed) as delayed, django_capture_on_commit_callbacks(execute=True):
        again = services.initiatives_mark_delayed(today=in_days(RUN_ON))

    assert len(first) == 3 and again == []
    assert StatusChange.objects.count() == changes and delayed == []


def test_resumed_work_is_marked_again_only_when_its_new_date_passes(tree, runner):
    item = initiative(tree.village, by=runner, due_date=in_days(10))
    services.initiatives_mark_delayed(today=in_days(11))
    item.refresh_from_db()
    assert item.status == Status.DELAYED

    services.initiative_resume(actor=runner, initiative=item, due_date=in_days(40), reason="Poles arrived late.")

    assert services.initiatives_mark_delayed(today=in_days(11)) == []
    assert services.initiatives_mark_delayed(today=in_days(41)) == [item.pk]
    assert item.status_changes.filter(to_status=Status.DELAYED).count() == 2


def test_the_command_marks_late_work_as_of_a_date(work):
    out = io.StringIO()

    call_command("initiatives_mark_delayed", "--date", in_days(RUN_ON).isoformat(), stdout=out)

    marked = sorted(work[name].pk for name in ("late_due", "late_milestone", "late_started"))
    assert out.getvalue().strip() == f"3 initiative(s) marked delayed: {marked}"
    assert Initiative.objects.filter(status=Status.DELAYED).count() == 3
    out = io.StringIO()
    call_command("initiatives_mark_delayed", stdout=out)  # today: nothing is late yet
    assert out.getvalue().strip() == "0 initiative(s) marked delayed."


@pytest.mark.parametrize("value", ["15.05.2025", "2025-13-01", "tomorrow"])
def test_the_command_refuses_a_bad_date(work, value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("initiatives_mark_delayed", "--date", value, stdout=io.StringIO())

    assert not Initiative.objects.filter(status=Status.DELAYED).exists()


def test_the_celery_task_runs_the_pass(work):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=RUN_ON)):
        result = tasks.initiatives_mark_delayed.delay()

    assert result.get() == 3
    assert Initiative.objects.filter(status=Status.DELAYED).count() == 3


# -- what pages derive from the dates ----------------------------------------------------------------------


def test_pages_say_delayed_before_the_pass_has_run(work):
    later = timezone.now() + datetime.timedelta(days=RUN_ON)
    today = timezone.localdate(later)
    fresh = {name: Initiative.objects.get(pk=item.pk) for name, item in work.items()}

    with time_machine.travel(later):
        for name in ("late_due", "late_milestone", "late_started"):
            item = fresh[name]
            assert item.status != Status.DELAYED
            assert item.late_on(today) and item.is_late, name
            assert (item.status_label, item.status_tone) == ("Delayed", "danger")
        for name in ("on_time", "milestone_done"):
            assert not fresh[name].is_late and fresh[name].status_label == "Planned", name
        assert not fresh["done"].is_late and fresh["done"].status_label == "Completed"
        assert not fresh["cancelled"].is_late and fresh["cancelled"].status_label == "Cancelled"
        # The selectors annotate late milestones in the query: the same answers.
        for name, item in fresh.items():
            annotated = selectors.initiative_get(pk=item.pk)
            assert annotated.is_late == item.is_late, name
            assert annotated.status_label == item.status_label, name

    # Today nothing is late, and a delayed status is late whatever the dates.
    assert not any(item.is_late for item in fresh.values())
    delayed = fresh["on_time"]
    Initiative.objects.filter(pk=delayed.pk).update(status=Status.DELAYED)
    delayed.refresh_from_db()
    assert delayed.is_late and delayed.status_label == "Delayed"


def test_a_milestone_done_after_its_date_was_late(tree, runner):
    item = initiative(tree.village, by=runner, milestones=[("Poles delivered", in_days(-5))])
    milestone = item.milestones.get()

    assert milestone.is_late and not milestone.was_late
    services.milestone_mark_done(actor=runner, milestone=milestone)
    assert not milestone.is_late and milestone.was_late
    assert isinstance(milestone, Milestone) and not item.is_late
