"""The proposal services: drafting, every transition both ways, thresholds and votes."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.proposals import selectors, services, signals, thresholds
from apps.proposals.models import OfficialResponse, Proposal, StatusChange, Vote, VotingPolicy
from apps.proposals.services import drafting, votes
from apps.territories.models import StaffRole
from tests.accounts.factories import UserFactory
from tests.proposals.factories import (
    BODY,
    draft,
    image_file,
    moderator,
    official,
    published,
    reach_threshold,
    reached,
    received,
    resident,
    staff,
    submitted,
)

Status = Proposal.Status


# -- drafting ------------------------------------------------------------------------


def test_a_verified_resident_drafts_for_their_village_and_the_units_above(tree):
    author = resident(tree.village)

    for territory in (tree.village, tree.rural_district, tree.district, tree.oblast):
        proposal = draft(author, territory)
        assert proposal.status == Status.DRAFT and proposal.territory == territory

    assert [t.kato_code for t in selectors.proposal_territory_choices(user=author)] == [
        "113030100",
        "113030000",
        "113000000",
        "110000000",
    ]


@pytest.mark.parametrize("where", ["neighbour_village", "other_village", "republic"])
def test_nobody_proposes_outside_their_own_chain_or_for_the_whole_republic(tree, where):
    author = resident(tree.village)

    expected = "not the whole Republic" if where == "republic" else "verified residents"
    with pytest.raises(PermissionDenied, match=expected):
        draft(author, getattr(tree, where))
    assert not Proposal.objects.exists()


def test_unverified_people_cannot_propose(tree):
    with pytest.raises(PermissionDenied):
        draft(UserFactory(), tree.village)
    assert selectors.proposal_territory_choices(user=UserFactory()) == []


@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        ("title", {"title": "Lights"}, "title needs"),
        ("body", {"body": "Too short."}, "description needs"),
        ("category", {"category": "parties"}, "category"),
        ("latitude", {"latitude": Decimal("51.1")}, "both latitude and longitude"),
        ("latitude", {"latitude": Decimal("71.4"), "longitude": Decimal("51.1")}, "swapped"),
        ("estimated_cost", {"estimated_cost": Decimal("-1")}, "between 0"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(tree, field, values, message):
    author = resident(tree.village)

    with pytest.raises(ValidationError) as error:
        draft(author, tree.village, **values)

    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert not Proposal.objects.exists()


def test_description_is_safe_markdown_and_searchable_text(tree):
    proposal = draft(
        resident(tree.village),
        tree.village,
        body="**Lights** please <script>alert(1)</script> [map](javascript:alert(1)) on Abai street, near the school",
    )

    assert "<strong>Lights</strong>" in proposal.body_html
    assert "<script" not in proposal.body_html
    assert 'href="javascript' not in proposal.body_html
    assert "abai street" in proposal.search_text


def test_the_author_edits_a_draft_and_submits_it(tree):
    author = resident(tree.village)
    proposal = draft(author, tree.village)

    services.proposal_edit(
        actor=author,
        proposal=proposal,
        territory=tree.district,
        title="Street lights on every street",
        body=proposal.body,
        category="lighting",
        submit=True,
    )

    proposal.refresh_from_db()
    assert proposal.title == "Street lights on every street"
    assert proposal.territory == tree.district
    assert proposal.status == Status.SUBMITTED and proposal.submitted_at is not None


def test_nobody_else_edits_and_nobody_edits_once_submitted(tree):
    author = resident(tree.village)
    proposal = draft(author, tree.village)
    fields = {"title": "Another title for it", "body": proposal.body, "category": "roads"}

    with pytest.raises(PermissionDenied):
        services.proposal_edit(actor=resident(tree.village), proposal=proposal, **fields)
    services.proposal_submit(actor=author, proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.proposal_edit(actor=author, proposal=proposal, **fields)
    proposal.refresh_from_db()
    assert proposal.title == "Street lights on Abai street"


def test_a_draft_never_submitted_can_be_deleted_by_its_author_only(tree, django_capture_on_commit_callbacks):
    author = resident(tree.village)
    proposal = draft(author, tree.village, images=[image_file()])
    files = [proposal.images.get().image.name, proposal.images.get().thumbnail.name]
    storage = proposal.images.get().image.storage

    with pytest.raises(PermissionDenied):
        services.proposal_delete_draft(actor=resident(tree.village), proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_delete_draft(actor=author, proposal=proposal)

    assert not Proposal.objects.exists()
    assert not any(storage.exists(name) for name in files)


def test_creating_proposals_is_rate_limited(tree, settings):
    author = resident(tree.village)
    for _ in range(drafting.CREATE_LIMIT):
        draft(author, tree.village)

    with pytest.raises(ValidationError, match="continue tomorrow"):
        draft(author, tree.village)
    assert Proposal.objects.count() == drafting.CREATE_LIMIT


# -- images ----------------------------------------------------------------------------


def test_photos_are_stored_without_metadata_with_thumbnails(tree):
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (51.0, 10.0, 0.0)}  # GPS latitude
    upload = image_file(size=(3000, 2000), exif=exif.tobytes())
    proposal = draft(resident(tree.village), tree.village, images=[upload])

    item = proposal.images.get()
    with item.image.open("rb") as stored, Image.open(stored) as picture:
        assert picture.size == (1600, 1067)
        assert not picture.getexif() and "exif" not in picture.info
    with item.thumbnail.open("rb") as stored, Image.open(stored) as thumb:
        assert max(thumb.size) == 400
    assert (item.width, item.height) == (1600, 1067)
    assert "photo" not in item.image.name  # the person's file name is not kept


def test_transparent_png_stays_png(tree):
    proposal = draft(resident(tree.village), tree.village, images=[image_file("logo.png", fmt="PNG", mode="RGBA")])

    assert proposal.images.get().image.name.endswith(".png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: image_file("anim.gif", fmt="GIF"), "JPEG, PNG or WebP"),
        (
            lambda: __import__("django.core.files.uploadedfile").core.files.uploadedfile.SimpleUploadedFile(
                "photo.jpg", b"<html>not an image</html>", content_type="image/jpeg"
            ),
            "JPEG, PNG or WebP",
        ),
    ],
)
def test_files_that_are_not_photos_are_refused(tree, upload, message):
    with pytest.raises(ValidationError) as error:
        draft(resident(tree.village), tree.village, images=[upload()])

    assert message in " ".join(error.value.message_dict["images"])
    assert not Proposal.objects.exists()


def test_too_large_files_are_refused(tree, settings):
    settings.CIVIC_PROPOSAL_IMAGE_MAX_BYTES = 1000

    with pytest.raises(ValidationError, match="too large"):
        draft(resident(tree.village), tree.village, images=[image_file(size=(800, 800))])


def test_at_most_five_photos(tree, django_capture_on_commit_callbacks):
    author = resident(tree.village)
    with pytest.raises(ValidationError, match="at most 5 photos"):
        draft(author, tree.village, images=[image_file() for _ in range(6)])

    proposal = draft(author, tree.village, images=[image_file() for _ in range(4)])
    with pytest.raises(ValidationError, match="1 more"):
        services.proposal_edit(
            actor=author,
            proposal=proposal,
            title=proposal.title,
            body=proposal.body,
            category=proposal.category,
            images=[image_file(), image_file()],
        )
    removed = proposal.images.first()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_edit(
            actor=author,
            proposal=proposal,
            title=proposal.title,
            body=proposal.body,
            category=proposal.category,
            images=[image_file(), image_file()],
            remove_images=[removed.pk],
        )
    assert proposal.images.count() == 5
    assert not removed.image.storage.exists(removed.image.name)


# -- moderation ----------------------------------------------------------------------------


def test_a_moderator_of_the_territory_publishes(tree):
    proposal = submitted(resident(tree.village), tree.village)
    district_moderator = moderator(tree.district)

    services.proposal_publish(actor=district_moderator, proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED
    assert proposal.thread_id is not None and proposal.thread.territory() == tree.village
    assert proposal.voting_until - proposal.published_at == datetime.timedelta(days=90)
    change = proposal.status_changes.last()
    assert (change.actor, change.from_status, change.to_status) == (district_moderator, "submitted", "published")


@pytest.mark.parametrize(
    "who",
    [
        lambda tree: moderator(tree.neighbour_district),
        lambda tree: moderator(tree.other_village),  # a sibling village
        lambda tree: official(tree.district),  # officials answer; moderators publish
        lambda tree: resident(tree.village),
        lambda tree: StaffRoleFactory_expired(tree.district),
    ],
)
def test_others_may_not_publish(tree, who):
    proposal = submitted(resident(tree.village), tree.village)

    with pytest.raises(PermissionDenied):
        services.proposal_publish(actor=who(tree), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED and not proposal.status_changes.filter(to_status="published")


def StaffRoleFactory_expired(territory):
    from tests.territories.factories import StaffRoleFactory

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return StaffRoleFactory(
        territory=territory,
        role=StaffRole.Role.MODERATOR,
        valid_from=yesterday - datetime.timedelta(days=30),
        valid_to=yesterday,
    ).user


def test_staff_do_not_decide_on_their_own_proposal(tree):
    person = moderator(tree.district)
    from apps.territories.models import Residency

    Residency.objects.create(user=person, territory=tree.village, status="verified", iin_hash="h" * 64, iin_last4="1")
    proposal = submitted(person, tree.village)

    with pytest.raises(PermissionDenied, match="your own proposal"):
        services.proposal_publish(actor=person, proposal=proposal)


def test_rejection_needs_a_reason_from_the_list_and_an_explanation(tree):
    author = resident(tree.village)
    proposal = submitted(author, tree.village)
    district_moderator = moderator(tree.district)

    with pytest.raises(ValidationError, match="from the list"):
        services.proposal_reject(actor=district_moderator, proposal=proposal, reason_code="", reason="Unclear")
    with pytest.raises(ValidationError, match="Explain"):
        services.proposal_reject(actor=district_moderator, proposal=proposal, reason_code="incomplete", reason=" ")
    services.proposal_reject(
        actor=district_moderator, proposal=proposal, reason_code="incomplete", reason="Say which street."
    )

    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED and proposal.is_editable
    change = proposal.status_changes.last()
    assert (change.reason_code, change.reason) == ("incomplete", "Say which street.")

    # The author corrects it and submits it again; it goes back to the queue.
    services.proposal_edit(
        actor=author,
        proposal=proposal,
        title=proposal.title,
        body=proposal.body + " Abai street.",
        category="lighting",
        submit=True,
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    assert list(proposal.status_changes.values_list("to_status", flat=True)) == ["submitted", "rejected", "submitted"]


def test_marking_a_duplicate_points_to_a_published_original_of_the_same_or_a_higher_territory(tree):
    original = published(resident(tree.village), tree.rural_district)
    copy = submitted(resident(tree.village), tree.village)
    elsewhere = published(resident(tree.neighbour_village), tree.neighbour_village)
    district_moderator = moderator(tree.district)

    with pytest.raises(ValidationError, match="number of the proposal"):
        services.proposal_mark_duplicate(actor=district_moderator, proposal=copy, original=None)
    with pytest.raises(ValidationError, match="same territory"):
        services.proposal_mark_duplicate(actor=district_moderator, proposal=copy, original=elsewhere)
    services.proposal_mark_duplicate(actor=district_moderator, proposal=copy, original=original)

    copy.refresh_from_db()
    assert copy.status == Status.DUPLICATE and copy.duplicate_of == original
    assert not copy.is_public  # never published: stays out of sight


@pytest.mark.parametrize(
    ("status", "to"),
    [
        (Status.DRAFT, Status.PUBLISHED),
        (Status.SUBMITTED, Status.ACCEPTED),
        (Status.SUBMITTED, Status.THRESHOLD_REACHED),
        (Status.PUBLISHED, Status.ACCEPTED),
        (Status.PUBLISHED, Status.REJECTED),
    ],
)
def test_steps_outside_the_table_are_refused(tree, status, to):
    proposal = draft(resident(tree.village), tree.village)
    Proposal.objects.filter(pk=proposal.pk).update(status=status)

    with pytest.raises(ValidationError, match="cannot become"):
        services.proposal_transition(
            actor=staff(tree.oblast, StaffRole.Role.ADMINISTRATOR),
            proposal=proposal,
            to_status=to,
            reason="x",
            reason_code="other",
        )
    proposal.refresh_from_db()
    assert proposal.status == status


def test_only_the_site_marks_a_threshold_reached(tree):
    proposal = published(resident(tree.village), tree.village)

    with pytest.raises(PermissionDenied):
        services.proposal_transition(
            actor=staff(tree.oblast, StaffRole.Role.ADMINISTRATOR), proposal=proposal, to_status="threshold_reached"
        )


# -- consideration and answers ------------------------------------------------------------------


def test_an_official_considers_and_answers_publicly(tree):
    proposal = reached(resident(tree.village), tree.village)
    district_official = official(tree.district)

    services.proposal_consider(actor=district_official, proposal=proposal, reason="The roads department looks at it.")
    with pytest.raises(ValidationError, match="public response"):
        services.proposal_accept(actor=district_official, proposal=proposal, response="")
    services.proposal_accept(
        actor=district_official, proposal=proposal, response="Lights will be **installed** in May."
    )

    proposal.refresh_from_db()
    assert proposal.status == Status.ACCEPTED
    response = OfficialResponse.objects.get(proposal=proposal)
    assert response.author == district_official and "<strong>installed</strong>" in response.body_html
    assert list(proposal.status_changes.values_list("to_status", flat=True)) == [
        "submitted",
        "published",
        "threshold_reached",
        "under_consideration",
        "accepted",
    ]


def test_declining_also_needs_a_response(tree):
    proposal = reached(resident(tree.village), tree.village)
    district_official = official(tree.district)
    services.proposal_consider(actor=district_official, proposal=proposal)

    services.proposal_decline(actor=district_official, proposal=proposal, response="Not in the budget: see the plan.")

    proposal.refresh_from_db()
    assert proposal.status == Status.DECLINED and proposal.response.body == "Not in the budget: see the plan."


@pytest.mark.parametrize(
    "who",
    [
        lambda tree: official(tree.neighbour_district),
        lambda tree: moderator(tree.district),
        lambda tree: official(tree.other_village),
    ],
)
def test_others_may_not_consider_or_answer(tree, who):
    proposal = reached(resident(tree.village), tree.village)
    actor = who(tree)

    with pytest.raises(PermissionDenied, match="officials of"):
        services.proposal_consider(actor=actor, proposal=proposal)
    services.proposal_consider(actor=official(tree.oblast), proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.proposal_accept(actor=actor, proposal=proposal, response="Yes")
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_CONSIDERATION


# -- withdrawal -----------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["submitted", "published"])
def test_the_author_withdraws_before_consideration(tree, stage):
    author = resident(tree.village)
    proposal = submitted(author, tree.village) if stage == "submitted" else published(author, tree.village)

    with pytest.raises(PermissionDenied, match="author"):
        services.proposal_withdraw(actor=resident(tree.village), proposal=proposal)
    services.proposal_withdraw(actor=author, proposal=proposal, reason="Fixed by neighbours.")

    proposal.refresh_from_db()
    assert proposal.status == Status.WITHDRAWN
    assert proposal.is_public == (stage == "published")


def test_no_withdrawal_once_under_consideration(tree):
    author = resident(tree.village)
    proposal = reached(author, tree.village)
    services.proposal_consider(actor=official(tree.district), proposal=proposal)

    with pytest.raises(ValidationError, match="cannot become"):
        services.proposal_withdraw(actor=author, proposal=proposal)


# -- thresholds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "percent", "minimum", "expected"),
    [
        (24920, "10", 10, 2492),
        (24921, "10", 10, 2493),  # rounded up: 10 % means at least 10 %
        (50, "10", 10, 10),  # the minimum
        (6, "10", 10, 6),  # never more than the population
        (None, "10", 10, 10),  # unknown population: the minimum
        (0, "10", 25, 25),
        (1000, "5", 1, 50),
    ],
)
def test_vote_threshold(population, percent, minimum, expected):
    policy = thresholds.Policy(Decimal(percent), minimum, 90)

    assert thresholds.vote_threshold(population=population, policy=policy) == expected


def test_the_nearest_voting_policy_up_the_tree_applies(tree, settings):
    settings.CIVIC_PROPOSAL_THRESHOLD_PERCENT = "10"
    settings.CIVIC_PROPOSAL_VOTING_DAYS = 90
    assert selectors.voting_policy_for(tree.village).territory is None
    VotingPolicy.objects.create(territory=tree.oblast, threshold_percent=5, threshold_minimum=20, voting_days=60)
    VotingPolicy.objects.create(territory=tree.district, threshold_percent=3, threshold_minimum=7, voting_days=30)

    policy = selectors.voting_policy_for(tree.village)
    assert (policy.percent, policy.minimum, policy.voting_days, policy.territory) == (3, 7, 30, tree.district)
    assert selectors.voting_policy_for(tree.neighbour_village).territory == tree.oblast


def test_threshold_and_window_are_fixed_at_publication(tree):
    from apps.territories.services import territory_set_population

    admin = staff(tree.oblast, StaffRole.Role.ADMINISTRATOR)
    territory_set_population(actor=admin, territory=tree.village, population=500, year=2024, source="test")
    tree.village.refresh_from_db()
    proposal = published(resident(tree.village), tree.village)
    assert proposal.vote_threshold == 50

    territory_set_population(actor=admin, territory=tree.village, population=5000, year=2025, source="test")
    proposal.refresh_from_db()
    assert proposal.vote_threshold == 50


def test_reaching_the_threshold_moves_the_proposal_and_sends_the_event_once(tree, django_capture_on_commit_callbacks):
    VotingPolicy.objects.create(territory=tree.village, threshold_percent=10, threshold_minimum=3, voting_days=90)
    proposal = published(resident(tree.village), tree.village)
    voters = [resident(tree.village) for _ in range(4)]
    with received(signals.threshold_reached) as events:
        with django_capture_on_commit_callbacks(execute=True):
            services.vote_cast(actor=voters[0], proposal=proposal, choice="for")
            services.vote_cast(actor=voters[1], proposal=proposal, choice="against")
            services.vote_cast(actor=voters[2], proposal=proposal, choice="for")
        assert proposal.status == Status.PUBLISHED and events == []
        with django_capture_on_commit_callbacks(execute=True):
            services.vote_cast(actor=voters[3], proposal=proposal, choice="for")
            services.vote_cast(actor=voters[1], proposal=proposal, choice="for")  # more votes: no second event

    proposal.refresh_from_db()
    assert proposal.status == Status.THRESHOLD_REACHED and proposal.threshold_reached_at is not None
    assert events == [proposal.pk]
    change = proposal.status_changes.last()
    assert change.actor is None and change.to_status == "threshold_reached"
    # The officials' queue: reached proposals first.
    from apps.proposals.selectors import answer_queue

    assert list(answer_queue(user=official(tree.district))) == [proposal]


# -- votes -------------------------------------------------------------------------------------


def test_residents_of_the_territory_and_inside_it_vote_for_or_against(tree):
    proposal = published(resident(tree.village), tree.rural_district)

    services.vote_cast(actor=resident(tree.village), proposal=proposal, choice="for")
    services.vote_cast(actor=resident(tree.other_village), proposal=proposal, choice="for")
    services.vote_cast(actor=resident(tree.rural_district), proposal=proposal, choice="against")

    proposal.refresh_from_db()
    assert (proposal.votes_for, proposal.votes_against) == (2, 1)


def test_a_vote_can_be_changed_and_withdrawn_and_counts_once(tree):
    proposal = published(resident(tree.village), tree.village)
    voter = resident(tree.village)

    services.vote_cast(actor=voter, proposal=proposal, choice="for")
    services.vote_cast(actor=voter, proposal=proposal, choice="for")  # twice: still one
    assert (proposal.votes_for, proposal.votes_against) == (1, 0)
    services.vote_cast(actor=voter, proposal=proposal, choice="against")
    assert (proposal.votes_for, proposal.votes_against) == (0, 1)
    services.vote_cast(actor=voter, proposal=proposal, choice=None)
    assert (proposal.votes_for, proposal.votes_against) == (0, 0)
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    ("who", "error", "message"),
    [
        (lambda tree: resident(tree.neighbour_village), PermissionDenied, "verified residents"),
        (lambda tree: resident(tree.district), PermissionDenied, "verified residents"),  # above, not inside
        (lambda tree: UserFactory(), PermissionDenied, "verified residents"),
        (lambda tree: moderator(tree.district), PermissionDenied, "verified residents"),
        # Django gives superusers every permission; a vote still needs a residency.
        (lambda tree: UserFactory(is_superuser=True), PermissionDenied, "verified residents"),
    ],
)
def test_others_may_not_vote(tree, who, error, message):
    proposal = published(resident(tree.village), tree.village)

    with pytest.raises(error, match=message):
        services.vote_cast(actor=who(tree), proposal=proposal, choice="for")
    assert not Vote.objects.exists() and proposal.votes_for == 0


def test_anonymous_and_pending_residents_may_not_vote(tree):
    from django.contrib.auth.models import AnonymousUser

    from apps.territories.models import Residency

    proposal = published(resident(tree.village), tree.village)
    waiting = UserFactory()
    Residency.objects.create(user=waiting, territory=tree.village, iin_hash="p" * 64, iin_last4="1")

    with pytest.raises(PermissionDenied, match="Sign in"):
        services.vote_cast(actor=AnonymousUser(), proposal=proposal, choice="for")
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=waiting, proposal=proposal, choice="for")


def test_no_votes_after_the_window_or_before_publication_or_after_consideration(tree):
    author = resident(tree.village)
    voter = resident(tree.village)
    waiting = submitted(author, tree.village)
    with pytest.raises(PermissionDenied, match="closed"):
        services.vote_cast(actor=voter, proposal=waiting, choice="for")

    proposal = published(author, tree.village)
    services.vote_cast(actor=voter, proposal=proposal, choice="for")
    after = proposal.voting_until + datetime.timedelta(seconds=1)
    with time_machine.travel(after), pytest.raises(PermissionDenied, match="ended on"):
        services.vote_cast(actor=voter, proposal=proposal, choice=None)
    proposal.refresh_from_db()
    assert proposal.votes_for == 1

    voting_until = proposal.voting_until
    reach_threshold(proposal)
    services.proposal_consider(actor=official(tree.district), proposal=proposal)
    assert proposal.voting_until == voting_until
    with pytest.raises(PermissionDenied, match="closed"):
        services.vote_cast(actor=resident(tree.village), proposal=proposal, choice="for")


def test_an_unknown_choice_is_refused(tree):
    proposal = published(resident(tree.village), tree.village)

    with pytest.raises(ValidationError, match="for or against"):
        services.vote_cast(actor=resident(tree.village), proposal=proposal, choice="maybe")


def test_counters_equal_a_recount_after_random_votes(tree, monkeypatch):
    import random

    monkeypatch.setattr(votes, "VOTE_CHANGE_LIMIT", 1_000)  # many changes per person on purpose
    proposal = published(resident(tree.village), tree.village)
    voters = [resident(tree.village) for _ in range(8)]
    chooser = random.Random(5)
    for _ in range(60):
        services.vote_cast(
            actor=chooser.choice(voters), proposal=proposal, choice=chooser.choice(["for", "against", None])
        )
    counted = (proposal.votes_for, proposal.votes_against)

    services.proposal_recount(proposal=proposal)
    assert (proposal.votes_for, proposal.votes_against) == counted
    assert counted == (
        Vote.objects.filter(proposal=proposal, choice="for").count(),
        Vote.objects.filter(proposal=proposal, choice="against").count(),
    )


def test_every_transition_writes_one_timeline_row(tree):
    proposal = published(resident(tree.village), tree.village)

    assert StatusChange.objects.filter(proposal=proposal).count() == 2


def test_one_person_votes_once_whatever_account_they_use(tree):
    """A person who verifies a second account (same IIN) takes over their vote instead of adding one."""
    from apps.territories import services as territory_services
    from apps.territories.models import Residency

    proposal = published(resident(tree.village), tree.village)
    first = resident(tree.village)
    services.vote_cast(actor=first, proposal=proposal, choice="for")
    fingerprint = Residency.objects.get(user=first).iin_hash
    territory_services.residency_end(actor=first, residency=Residency.objects.get(user=first))
    second = UserFactory()
    Residency.objects.create(
        user=second, territory=tree.village, status=Residency.Status.VERIFIED, iin_hash=fingerprint, iin_last4="0000"
    )

    services.vote_cast(actor=second, proposal=proposal, choice="for")
    assert (proposal.votes_for, proposal.votes_against) == (1, 0)
    services.vote_cast(actor=second, proposal=proposal, choice="against")

    assert (proposal.votes_for, proposal.votes_against) == (0, 1)
    vote = Vote.objects.get()
    assert vote.user == second and vote.person_key == fingerprint
    assert services.proposal_recount(proposal=proposal).votes_against == 1


def test_support_that_falls_below_the_threshold_takes_the_proposal_back(tree, django_capture_on_commit_callbacks):
    VotingPolicy.objects.create(territory=tree.village, threshold_percent=10, threshold_minimum=2, voting_days=90)
    proposal = published(resident(tree.village), tree.village)
    voters = [resident(tree.village) for _ in range(2)]
    with received(signals.threshold_reached) as events, django_capture_on_commit_callbacks(execute=True):
        for voter in voters:
            services.vote_cast(actor=voter, proposal=proposal, choice="for")
        first_reached = proposal.threshold_reached_at
        services.vote_cast(actor=voters[0], proposal=proposal, choice="against")
        assert proposal.status == Status.PUBLISHED
        from apps.proposals.selectors import answer_queue

        assert list(answer_queue(user=official(tree.district))) == []
        services.vote_cast(actor=voters[0], proposal=proposal, choice="for")

    proposal.refresh_from_db()
    assert proposal.status == Status.THRESHOLD_REACHED
    assert proposal.threshold_reached_at == first_reached  # keeps its place in the queue
    assert events == [proposal.pk]  # officials are told once
    steps = list(proposal.status_changes.order_by("pk"))
    assert [(c.from_status, c.to_status, c.actor) for c in steps[-3:]] == [
        ("published", "threshold_reached", None),
        ("threshold_reached", "published", None),
        ("published", "threshold_reached", None),
    ]
    assert steps[-2].event == "Support fell below the number of votes needed"


def test_officials_take_up_a_proposal_only_once_it_reached_the_threshold(tree):
    proposal = published(resident(tree.village), tree.village)

    with pytest.raises(ValidationError, match="cannot become"):
        services.proposal_consider(actor=official(tree.district), proposal=proposal)
    reach_threshold(proposal)
    services.proposal_consider(actor=official(tree.district), proposal=proposal)
    assert proposal.status == Status.UNDER_CONSIDERATION


def test_a_duplicate_of_a_duplicate_is_refused_and_merged_ones_follow_the_original(tree):
    district_moderator = moderator(tree.district)
    first, second = (published(resident(tree.village), tree.village) for _ in range(2))
    copy = submitted(resident(tree.village), tree.village)
    services.proposal_mark_duplicate(actor=district_moderator, proposal=copy, original=first)

    # Loaded before the merge below, as by a second moderator at the same moment.
    stale_first, stale_second = Proposal.objects.get(pk=first.pk), Proposal.objects.get(pk=second.pk)
    services.proposal_mark_duplicate(actor=district_moderator, proposal=first, original=second)
    copy.refresh_from_db()
    assert copy.duplicate_of == second  # no chain copy → first → second

    with pytest.raises(ValidationError, match="must be a published proposal"):
        services.proposal_mark_duplicate(actor=moderator(tree.district), proposal=stale_second, original=stale_first)
    second.refresh_from_db()
    assert second.status == Status.PUBLISHED and second.duplicate_of is None


def test_superusers_do_not_propose_or_edit_for_residents(tree):
    superuser = UserFactory(is_superuser=True)
    proposal = draft(resident(tree.village), tree.village)

    with pytest.raises(PermissionDenied, match="verified residents"):
        draft(superuser, tree.village)
    with pytest.raises(PermissionDenied, match="Only the author"):
        services.proposal_edit(
            actor=superuser, proposal=proposal, title="Changed by someone else", body=BODY, category="roads"
        )
    proposal.refresh_from_db()
    assert proposal.title == "Street lights on Abai street"


def test_an_author_who_moved_away_cannot_submit_again(tree):
    from apps.territories import services as territory_services
    from apps.territories.models import Residency

    author = resident(tree.village)
    proposal = submitted(author, tree.village)
    services.proposal_reject(actor=moderator(tree.district), proposal=proposal, reason_code="other", reason="Fix it.")
    territory_services.residency_end(actor=author, residency=Residency.objects.get(user=author))

    with pytest.raises(PermissionDenied, match="verified residents"):
        services.proposal_submit(actor=author, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED


def test_clicking_back_and_forth_is_limited(tree):
    VotingPolicy.objects.create(territory=tree.village, threshold_percent=10, threshold_minimum=1, voting_days=90)
    proposal = published(resident(tree.village), tree.village)
    voter = resident(tree.village)

    for choice in ["for", "against"] * (votes.VOTE_CHANGE_LIMIT // 2):
        services.vote_cast(actor=voter, proposal=proposal, choice=choice)
    with pytest.raises(ValidationError, match="many times in the last hour"):
        services.vote_cast(actor=voter, proposal=proposal, choice="for")

    proposal.refresh_from_db()
    assert (proposal.votes_for, proposal.votes_against) == (0, 1)
    assert proposal.status_changes.count() == 2 + votes.VOTE_CHANGE_LIMIT  # submitted, published, then each swing
    services.vote_cast(actor=resident(tree.village), proposal=proposal, choice="for")  # others are not held up


def test_losing_the_threshold_is_an_event_of_its_own(tree, django_capture_on_commit_callbacks):
    VotingPolicy.objects.create(territory=tree.village, threshold_percent=10, threshold_minimum=1, voting_days=90)
    proposal = published(resident(tree.village), tree.village)
    voter = resident(tree.village)
    with received(signals.threshold_lost) as lost, django_capture_on_commit_callbacks(execute=True):
        services.vote_cast(actor=voter, proposal=proposal, choice="for")
        assert lost == []
        services.vote_cast(actor=voter, proposal=proposal, choice=None)

    assert lost == [proposal.pk] and proposal.status == Status.PUBLISHED


def test_a_proposal_is_not_a_duplicate_of_itself(tree):
    proposal = published(resident(tree.village), tree.village)

    with pytest.raises(ValidationError, match="duplicate of itself"):
        services.proposal_mark_duplicate(actor=moderator(tree.district), proposal=proposal, original=proposal)


def test_an_account_that_changed_its_iin_keeps_one_vote(tree):
    """An account's vote under a fingerprint it no longer holds gives way to the person's current one."""
    from apps.territories.models import Residency

    proposal = published(resident(tree.village), tree.village)
    account = resident(tree.village)
    services.vote_cast(actor=account, proposal=proposal, choice="for")
    # Staff corrected the IIN of this account: it now holds the fingerprint of a person who voted elsewhere.
    other = resident(tree.village)
    services.vote_cast(actor=other, proposal=proposal, choice="against")
    corrected = Residency.objects.get(user=other).iin_hash
    Residency.objects.filter(user=other).update(status=Residency.Status.ENDED)
    Residency.objects.filter(user=account).update(iin_hash=corrected)

    services.vote_cast(actor=account, proposal=proposal, choice="for")

    assert (proposal.votes_for, proposal.votes_against) == (1, 0)
    vote = Vote.objects.get()
    assert (vote.user, vote.person_key, vote.choice) == (account, corrected, "for")
    assert services.proposal_recount(proposal=proposal).votes_for == 1
