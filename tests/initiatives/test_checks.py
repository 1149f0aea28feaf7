"""Residents check completed work: one word per person, counters equal to the rows, and the disputes threshold."""

import datetime
import random

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from apps.initiatives import selectors, services, signals
from apps.initiatives.models import CheckPolicy, CompletionCheck, Initiative, PlanChange, StatusChange
from apps.initiatives.services import checks
from apps.territories import services as territory_services
from apps.territories.models import Residency
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import completed, in_days, initiative, official, photo, received, resident

Status = Initiative.Status
COMMENT = "Only half of the lamps light up at night; the east end of the street is still dark."
ANSWER = "All twelve lamps were tested by the district's engineer on 3 May; the east end has a timer set later."


@pytest.fixture
def runner(tree):
    return official(tree.village)


@pytest.fixture
def done(tree, runner):
    """A completed initiative of the village."""
    return completed(initiative(tree.village, by=runner), runner)


@pytest.fixture
def clock():
    """Time that moves only when the test says so (who checked after an answer is decided by the clock)."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def check(person, item, verdict="not_done", comment=None, **kwargs):
    if comment is None:
        comment = COMMENT if verdict in CompletionCheck.DISPUTING else ""
    return services.completion_check(actor=person, initiative=item, verdict=verdict, comment=comment, **kwargs)


def counters(item) -> tuple[int, int]:
    item.refresh_from_db()
    return item.confirmations, item.disputes


def rows(item) -> tuple[int, int]:
    return (
        CompletionCheck.objects.filter(initiative=item, verdict=CompletionCheck.Verdict.CONFIRMED).count(),
        CompletionCheck.objects.filter(initiative=item, verdict__in=CompletionCheck.DISPUTING).count(),
    )


def test_residents_confirm_or_dispute_completed_work(tree, done):
    neighbour, other = resident(tree.village), resident(tree.village)

    confirmed = check(neighbour, done, "confirmed")
    disputed = check(other, done, "done_badly")

    assert (done.confirmations, done.disputes) == (1, 1)  # the caller's object follows
    assert counters(done) == (1, 1) == rows(done)
    assert confirmed.person_key == Residency.objects.get(user=neighbour).iin_hash
    assert (confirmed.comment, confirmed.is_dispute) == ("", False)
    assert (disputed.comment, disputed.is_dispute, disputed.user) == (COMMENT, True, other)
    assert done.status == Status.COMPLETED
    assert selectors.check_of(user=neighbour, initiative=done) == confirmed


def test_a_changed_mind_replaces_the_earlier_word(tree, done):
    person = resident(tree.village)
    first = check(person, done, "confirmed")

    second = check(person, done, "not_done")
    assert second.pk == first.pk and CompletionCheck.objects.count() == 1
    assert counters(done) == (0, 1)
    check(person, done, "done_badly")
    assert counters(done) == (0, 1)
    check(person, done, "confirmed")

    assert counters(done) == (1, 0) == rows(done)
    assert CompletionCheck.objects.get().verdict == "confirmed"


def test_one_person_checks_once_whatever_account_they_use(tree, done):
    first = resident(tree.village)
    check(first, done, "confirmed")
    fingerprint = Residency.objects.get(user=first).iin_hash
    territory_services.residency_end(actor=first, residency=Residency.objects.get(user=first))
    second = UserFactory()
    Residency.objects.create(
        user=second, territory=tree.village, status=Residency.Status.VERIFIED, iin_hash=fingerprint, iin_last4="0000"
    )

    check(second, done, "not_done")

    row = CompletionCheck.objects.get()
    assert (row.user, row.person_key, row.verdict) == (second, fingerprint, "not_done")
    assert counters(done) == (0, 1) == rows(done)


def test_an_account_whose_iin_was_corrected_keeps_one_word(tree, done):
    account, other = resident(tree.village), resident(tree.village)
    check(account, done, "confirmed")
    check(other, done, "not_done")
    # Staff corrected the account's IIN: it is the person who checked with the other account.
    corrected = Residency.objects.get(user=other).iin_hash
    Residency.objects.filter(user=other).update(status=Residency.Status.ENDED)
    Residency.objects.filter(user=account).update(iin_hash=corrected)

    check(account, done, "done_badly")

    row = CompletionCheck.objects.get()
    assert (row.user, row.person_key, row.verdict) == (account, corrected, "done_badly")
    assert counters(done) == (0, 1) == rows(done)


def test_a_dispute_needs_a_comment_and_a_verdict_from_the_list(tree, done):
    person = resident(tree.village)

    with pytest.raises(ValidationError, match="at least 10 characters"):
        check(person, done, "not_done", comment="  bad  ")
    with pytest.raises(ValidationError, match="Say whether the work was done"):
        check(person, done, "maybe")
    with pytest.raises(ValidationError, match="at most 2000 characters"):
        check(person, done, "confirmed", comment="x" * 2001)
    assert not CompletionCheck.objects.exists() and counters(done) == (0, 0)

    assert check(person, done, "confirmed", comment="").comment == ""


def test_a_photo_is_optional_and_stored_without_metadata(tree, done):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {2: (51.0, 10.0, 0.0)}

    plain = check(resident(tree.village), done, "not_done")
    pictured = check(resident(tree.village), done, "not_done", photo=photo("dark.jpg", exif=exif.tobytes()))

    assert not plain.image
    with pictured.image.open("rb") as raw, Image.open(raw) as picture:
        assert not picture.getexif() and "exif" not in picture.info
    assert pictured.thumbnail and "dark" not in pictured.image.name
    assert (pictured.width, pictured.height) == (64, 48)
    assert selectors.check_photo_get(pk=pictured.pk) == pictured


def test_only_residents_of_the_territory_check_and_only_completed_work(tree, runner):
    item = initiative(tree.village, by=runner)
    person = resident(tree.village)

    with pytest.raises(PermissionDenied, match="once the officials mark it completed"):
        check(person, item, "confirmed")
    completed(item, runner)
    for outsider in (resident(tree.other_village), UserFactory(is_superuser=True), runner):
        with pytest.raises(PermissionDenied, match="Only verified residents"):
            check(outsider, item, "confirmed")

    assert not CompletionCheck.objects.exists()


def test_changing_ones_word_is_rate_limited(tree, done):
    person = resident(tree.village)
    for index in range(checks.CHANGE_LIMIT):
        check(person, done, "confirmed" if index % 2 else "not_done")

    with pytest.raises(ValidationError, match="many times in the last hour"):
        check(person, done, "not_done")
    assert CompletionCheck.objects.get().verdict == "confirmed"


def test_counters_equal_a_recount_after_random_checks(tree, done, monkeypatch):
    monkeypatch.setattr(checks, "CHANGE_LIMIT", 1_000)
    CheckPolicy.objects.create(territory=tree.village, disputes_minimum=100)  # the status stays put
    people = [resident(tree.village) for _ in range(6)]
    chooser = random.Random(7)
    for _ in range(40):
        check(chooser.choice(people), done, chooser.choice(CompletionCheck.Verdict.values))
    counted = counters(done)

    services.initiative_recount_checks(initiative=done)

    assert (done.confirmations, done.disputes) == counted == rows(done)
    assert sum(counted) == CompletionCheck.objects.count() <= len(people)


def test_a_recount_repairs_counters(tree, done):
    check(resident(tree.village), done, "confirmed")
    Initiative.objects.filter(pk=done.pk).update(confirmations=7, disputes=3)

    services.initiative_recount_checks(initiative=done)

    assert (done.confirmations, done.disputes) == (1, 0)


# -- the threshold --------------------------------------------------------------------------------------------


def test_five_disputes_send_the_completion_back(tree, done, django_capture_on_commit_callbacks):
    assert services.check_policy_for(tree.village) == 5  # CIVIC_INITIATIVE_DISPUTES_MINIMUM
    people = [resident(tree.village) for _ in range(5)]
    for person in people[:4]:
        check(person, done, "not_done")
    check(resident(tree.village), done, "confirmed")
    assert done.status == Status.COMPLETED

    with received(signals.status_changed) as sent, django_capture_on_commit_callbacks(execute=True):
        check(people[4], done, "done_badly")

    assert done.status == Status.DISPUTED
    done.refresh_from_db()
    assert done.status == Status.DISPUTED and done.is_disputed
    change = done.status_changes.last()
    assert (change.from_status, change.to_status, change.actor, change.reason_code) == (
        Status.COMPLETED,
        Status.DISPUTED,
        None,
        StatusChange.Reason.DISPUTES,
    )
    assert [event["change"].pk for event in sent] == [change.pk]
    # More disputes while disputed change nothing more.
    check(resident(tree.village), done, "not_done")
    assert done.status_changes.filter(to_status=Status.DISPUTED).count() == 1
    assert counters(done) == (1, 6)


def test_disputes_must_also_outnumber_the_confirmations(tree, done):
    for _ in range(6):
        check(resident(tree.village), done, "confirmed")
    for _ in range(5):
        check(resident(tree.village), done, "not_done")
    assert done.status == Status.COMPLETED

    check(resident(tree.village), done, "not_done")  # 6 against 6
    assert done.status == Status.COMPLETED

    check(resident(tree.village), done, "not_done")  # 7 against 6
    assert done.status == Status.DISPUTED and counters(done) == (6, 7)


def test_confirmations_never_send_the_completion_back(tree, done):
    CheckPolicy.objects.create(territory=tree.village, disputes_minimum=1)
    person = resident(tree.village)
    check(person, done, "confirmed")

    assert done.status == Status.COMPLETED and done.status_changes.count() == 3


def test_the_nearest_policy_up_the_tree_applies(tree, done):
    CheckPolicy.objects.create(territory=tree.district, disputes_minimum=2)

    assert services.check_policy_for(tree.village) == 2
    assert services.check_policy_for(tree.neighbour_village) == 5
    check(resident(tree.village), done, "not_done")
    assert done.status == Status.COMPLETED
    check(resident(tree.village), done, "not_done")
    assert done.status == Status.DISPUTED

    CheckPolicy.objects.create(territory=tree.rural_district, disputes_minimum=3)
    assert services.check_policy_for(tree.village) == 3
    assert services.check_policy_for(tree.sibling_rural_district) == 2


def test_after_the_officials_answer_only_later_disputes_count(tree, done, runner, clock):
    CheckPolicy.objects.create(territory=tree.village, disputes_minimum=3)
    disputers = [resident(tree.village) for _ in range(3)]
    for person in disputers:
        clock.shift(datetime.timedelta(minutes=1))
        check(person, done, "not_done")
    assert done.status == Status.DISPUTED

    clock.shift(datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="Explain publicly why the work is complete"):
        services.initiative_uphold(actor=runner, initiative=done, reason="")
    services.initiative_uphold(actor=runner, initiative=done, reason=ANSWER)
    answered = timezone.now()

    done.refresh_from_db()
    assert (done.status, done.disputes_answered_at, done.disputes) == (Status.COMPLETED, answered, 3)
    upheld = done.status_changes.last()
    assert (upheld.actor, upheld.reason, upheld.event) == (runner, ANSWER, str(StatusChange.UPHELD))

    # One new dispute is not three, although the counter says four.
    clock.shift(datetime.timedelta(minutes=1))
    check(resident(tree.village), done, "done_badly")
    assert (done.status, done.disputes) == (Status.COMPLETED, 4)
    # Two of the earlier disputers say it again: their words now count, three since the answer.
    clock.shift(datetime.timedelta(minutes=1))
    check(disputers[0], done, "not_done")
    assert done.status == Status.COMPLETED
    clock.shift(datetime.timedelta(minutes=1))
    check(disputers[1], done, "not_done")

    assert done.status == Status.DISPUTED
    assert done.status_changes.filter(to_status=Status.DISPUTED).count() == 2
    assert counters(done) == (0, 4) == rows(done)


def test_reopening_sets_a_new_due_date_and_residents_check_the_redone_work(tree, done, runner, clock):
    CheckPolicy.objects.create(territory=tree.village, disputes_minimum=2)
    disputers = [resident(tree.village) for _ in range(2)]
    for person in disputers:
        check(person, done, "not_done")
    assert done.status == Status.DISPUTED
    old_due = done.due_date

    clock.shift(datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="Give the new due date"):
        services.initiative_reopen(actor=runner, initiative=done, due_date=None, reason="Fix the east end.")
    with pytest.raises(ValidationError, match="cannot be in the past"):
        services.initiative_reopen(actor=runner, initiative=done, due_date=in_days(-1), reason="Fix the east end.")
    with pytest.raises(ValidationError, match="what will be redone"):
        services.initiative_reopen(actor=runner, initiative=done, due_date=in_days(20), reason="")
    services.initiative_reopen(actor=runner, initiative=done, due_date=in_days(20), reason="Fix the east end.")

    done.refresh_from_db()
    assert (done.status, done.due_date, done.completed_at) == (Status.REOPENED, in_days(20), None)
    assert done.is_reopened and done.is_open and done.disputes_answered_at == timezone.now()
    move = PlanChange.objects.get(initiative=done)
    assert (move.field, move.old_date, move.new_date, move.reason, move.actor) == (
        PlanChange.Field.DUE_DATE,
        old_due,
        in_days(20),
        "Fix the east end.",
        runner,
    )
    with pytest.raises(PermissionDenied, match="once the officials mark it completed"):
        check(resident(tree.village), done, "not_done")

    clock.shift(datetime.timedelta(days=1))
    services.initiative_complete(actor=runner, initiative=done)
    assert (done.status, done.percent, done.completed_at) == (Status.COMPLETED, 100, timezone.now())
    # The disputes of the first round were answered by the reopening: one new dispute is not two.
    clock.shift(datetime.timedelta(minutes=1))
    check(resident(tree.village), done, "not_done")
    assert done.status == Status.COMPLETED
    clock.shift(datetime.timedelta(minutes=1))
    check(disputers[0], done, "not_done")
    assert done.status == Status.DISPUTED
    assert [to for _, to in done.status_changes.values_list("from_status", "to_status")][-4:] == [
        Status.DISPUTED,
        Status.REOPENED,
        Status.COMPLETED,
        Status.DISPUTED,
    ]
