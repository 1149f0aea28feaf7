"""Proposal pages: list, detail, drafting, voting and the staff queue — with permissions and query counts."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from apps.discussions.models import Comment
from apps.discussions.services import comment_create
from apps.proposals import services
from apps.proposals.models import Proposal, Vote
from tests.accounts.factories import UserFactory
from tests.proposals.factories import (
    BODY,
    draft,
    image_file,
    moderator,
    official,
    published,
    reached,
    resident,
    submitted,
)
from tests.territories.test_views import staff_client

Status = Proposal.Status


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def panel_data(response) -> dict:
    """What the proposals panel of a territory page was given."""
    (panel,) = [p for p in response.context["panels"] if p.template == "proposals/includes/territory_panel.html"]
    return panel.data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# -- list --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_list_shows_public_proposals_of_the_territory_and_inside_it(client, tree, language):
    author = resident(tree.village)
    mine = published(author, tree.village, title="Lights for the village street")
    above = published(author, tree.district, title="A bus to the district centre")
    published(resident(tree.neighbour_village), tree.neighbour_village, title="Neighbours' own street lights")
    submitted(author, tree.village, title="Still waiting for moderation")

    response = client.get(f"/{language}/proposals/", {"territory": tree.district.kato_code})

    assert response.status_code == 200
    assert set(response.context["page_obj"].object_list) == {mine, above}
    village_page = client.get(f"/{language}/proposals/", {"territory": tree.village.kato_code})
    assert list(village_page.context["page_obj"].object_list) == [mine]


def test_filters_search_and_sorting(client, tree):
    author = resident(tree.village)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        # Ten votes, all cast more than a week ago.
        roads = reached(author, tree.village, title="Repair the road to the school", category="roads")
    lights = published(author, tree.village, title="Lights on the central street", category="lighting")
    services.proposal_consider(actor=official(tree.district), proposal=roads)
    for person in [resident(tree.village) for _ in range(2)]:
        services.vote_cast(actor=person, proposal=lights, choice="for")  # two votes, today

    def listed(**params):
        response = client.get("/en/proposals/", params)
        assert response.status_code == 200
        return list(response.context["page_obj"].object_list)

    assert listed(category="roads") == [roads]
    assert listed(status="under_consideration") == [roads]
    assert listed(status="published") == [lights]
    assert listed(q="road school") == [roads]
    assert listed(q="central") == [lights]
    assert listed(sort="votes") == [roads, lights]
    assert listed(sort="newest") == [lights, roads]
    assert listed(sort="trending") == [lights, roads]
    # Values outside the allowlists are ignored one by one, never passed to the database as they are.
    assert set(listed(status="draft", category="__all__", sort="-author__password")) == {roads, lights}
    assert listed(q="central", status="draft") == [lights]


def test_a_vote_changed_to_for_counts_as_trending(client, tree):
    author = resident(tree.village)
    old, new = (published(author, tree.village, title=f"Proposal number {n} of two") for n in (1, 2))
    voters = [resident(tree.village) for _ in range(3)]
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        for voter in voters:
            services.vote_cast(actor=voter, proposal=old, choice="for")
            services.vote_cast(actor=voter, proposal=new, choice="against")
    for voter in voters[:2]:
        services.vote_cast(actor=voter, proposal=new, choice="for")  # changed their minds today

    response = client.get("/en/proposals/", {"sort": "trending"})

    assert list(response.context["page_obj"].object_list) == [new, old]


def test_a_lapsed_vote_says_so_and_has_its_own_filter(client, tree):
    proposal = published(resident(tree.village), tree.village)
    later = proposal.voting_until + datetime.timedelta(days=1)

    with time_machine.travel(later):
        page = client.get(f"/en/proposals/{proposal.pk}/").content.decode()
        lapsed = client.get("/en/proposals/", {"status": "lapsed"}).context["page_obj"].object_list
        collecting = client.get("/en/proposals/", {"status": "published"}).context["page_obj"].object_list
        territory_page = client.get(tree.village.get_absolute_url())

    assert "Voting ended: not enough votes" in page and "Collecting votes" not in page[page.index("<main") :]
    assert list(lapsed) == [proposal] and list(collecting) == []
    assert panel_data(territory_page)["proposals"] == []


def test_russian_words_are_found_in_other_forms_on_postgresql(client, tree):
    from django.db import connection

    published(
        resident(tree.village), tree.village, title="Освещение улицы Абая", body="Нет фонарей на улицах села. " * 2
    )

    found = client.get("/ru/proposals/", {"q": "освещение"}).context["page_obj"].object_list
    assert len(found) == 1
    if connection.vendor == "postgresql":  # stemming: "фонари" finds "фонарей"
        assert len(client.get("/ru/proposals/", {"q": "фонари"}).context["page_obj"].object_list) == 1


def test_the_list_paginates(client, tree):
    author = resident(tree.village)
    Proposal.objects.bulk_create(
        Proposal(
            territory=tree.village,
            author=author,
            title=f"Proposal {n}",
            body=BODY,
            category="roads",
            status=Status.PUBLISHED,
        )
        for n in range(25)
    )

    first = client.get("/en/proposals/")
    second = client.get("/en/proposals/", {"page": 2})

    assert len(first.context["page_obj"].object_list) == 20
    assert len(second.context["page_obj"].object_list) == 5


def test_the_territory_page_shows_its_proposals(client, tree):
    proposal = published(resident(tree.village), tree.village)

    response = client.get(f"/en/territories/{tree.district.kato_code}/")

    assert proposal in panel_data(response)["proposals"]
    assert proposal.title in response.content.decode()


# -- detail and visibility ---------------------------------------------------------------------


def test_a_published_proposal_is_public_with_its_timeline(client, tree):
    proposal = published(resident(tree.village), tree.village, images=[image_file()])

    response = client.get(f"/kk/proposals/{proposal.pk}/")

    assert response.status_code == 200
    assert [c.to_status for c in response.context["timeline"]] == ["submitted", "published"]
    assert proposal.images.get().thumbnail_url in response.content.decode()


def test_drafts_and_submitted_proposals_are_seen_by_the_author_and_staff_in_scope_only(client, tree):
    author = resident(tree.village)
    proposal = submitted(author, tree.village)
    url = f"/en/proposals/{proposal.pk}/"

    assert client.get(url).status_code == 404
    assert signed_in(resident(tree.village)).get(url).status_code == 404
    assert signed_in(moderator(tree.neighbour_district)).get(url).status_code == 404
    assert signed_in(author).get(url).status_code == 200
    district_moderator = moderator(tree.district)
    # A role without the second factor in this session reads nothing that is not public.
    assert signed_in(district_moderator).get(url).status_code == 404
    staff_page = staff_client(district_moderator).get(url)
    assert staff_page.status_code == 200 and {"publish", "reject", "mark_duplicate"} <= set(
        staff_page.context["actions"]
    )

    own_draft = draft(author, tree.village)
    draft_url = f"/en/proposals/{own_draft.pk}/"
    assert signed_in(moderator(tree.district)).get(draft_url).status_code == 404
    assert "only you can see it" in signed_in(author).get(draft_url).content.decode()


def test_the_official_response_is_shown_prominently(client, tree):
    proposal = reached(resident(tree.village), tree.village)
    district_official = official(tree.district)
    services.proposal_consider(actor=district_official, proposal=proposal)
    services.proposal_accept(actor=district_official, proposal=proposal, response="Lights will be installed in May.")

    page = client.get(f"/en/proposals/{proposal.pk}/").content.decode()
    page = page[page.index("<main") :]

    assert "Response of the akimat" in page and "Lights will be installed in May." in page
    assert page.index("Response of the akimat") < page.index(BODY[:30])


def test_detail_and_list_pages_stay_bounded(tree, django_assert_max_num_queries):
    author = resident(tree.village)
    small = published(author, tree.village)
    big = published(author, tree.village, title="A proposal with many votes and comments")
    voters = [resident(tree.village) for _ in range(30)]
    for proposal, people in ((small, voters[:1]), (big, voters)):
        for person in people:
            services.vote_cast(actor=person, proposal=proposal, choice="for")
            comment_create(actor=person, thread=proposal.thread, body="Yes, please.", stance=Comment.Stance.FOR)
    reader = voters[0]
    counts = []
    for proposal in (small, big):
        for client in (Client(), signed_in(reader)):
            with django_assert_max_num_queries(20) as captured:
                assert client.get(f"/en/proposals/{proposal.pk}/").status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:2] == counts[2:]
    list_counts = []
    for _ in range(2):
        with django_assert_max_num_queries(8) as captured:
            assert (
                Client().get("/en/proposals/", {"territory": tree.district.kato_code, "sort": "trending"}).status_code
                == 200
            )
        list_counts.append(len(captured.captured_queries))
        published(author, tree.village)
    assert list_counts[0] == list_counts[1]


# -- drafting through the pages ---------------------------------------------------------------------


def test_people_without_a_verified_residency_are_told_how_to_get_one(tree):
    response = signed_in(UserFactory()).get("/en/proposals/new/")

    assert response.status_code == 200
    assert "proposals/need_residency.html" in [t.name for t in response.templates]


def test_anonymous_visitors_are_sent_to_sign_in(client, tree):
    response = client.get("/en/proposals/new/")

    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_resident_submits_a_proposal_with_photos(tree):
    author = resident(tree.village)
    client = signed_in(author)

    response = client.post(
        "/en/proposals/new/",
        {
            "territory": tree.village.kato_code,
            "title": "Street lights on Abai street",
            "body": BODY,
            "category": "lighting",
            "estimated_cost": "1500000",
            "latitude": "50.75",
            "longitude": "72.17",
            "images": [image_file("a.jpg"), image_file("b.png", fmt="PNG")],
            "action": "submit",
        },
    )

    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == f"/en/proposals/{proposal.pk}/"
    assert proposal.status == Status.SUBMITTED and proposal.images.count() == 2
    assert proposal.estimated_cost == 1500000


@pytest.mark.parametrize("body", [BODY, "Too short"], ids=["service refuses", "form refuses"])
def test_bad_input_comes_back_with_messages_and_nothing_saved(tree, body):
    client = signed_in(resident(tree.village))

    response = client.post(
        "/en/proposals/new/",
        {
            "territory": tree.village.kato_code,
            "title": "Street lights on Abai street",
            "body": body,
            "category": "lighting",
            "latitude": "71.4",
            "longitude": "51.1",
            "images": [image_file("notes.gif", fmt="GIF")],
            "action": "draft",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    # Every problem of the fields at once, whichever of the form and the service found the first one;
    # photos are decoded only once everything else is right (an invalid form costs no decoding).
    assert any("swapped" in message for message in errors["latitude"])
    assert not any("is not a photo" in message for message in errors["images"])
    assert any("Choose the photos again" in message for message in errors["images"])
    assert ("body" in errors) == (body != BODY)
    assert not Proposal.objects.exists()


def test_a_photo_that_is_not_one_is_refused_once_the_rest_is_right(tree):
    client = signed_in(resident(tree.village))

    response = client.post(
        "/en/proposals/new/",
        {
            "territory": tree.village.kato_code,
            "title": "Street lights on Abai street",
            "body": BODY,
            "category": "lighting",
            "images": [image_file("notes.gif", fmt="GIF")],
            "action": "draft",
        },
    )

    assert response.status_code == 200
    assert any("notes.gif is not a photo" in message for message in response.context["form"].errors["images"])
    assert response.context["form"]["title"].value() == "Street lights on Abai street"  # the text is kept
    assert not Proposal.objects.exists()


def test_a_territory_outside_the_residents_chain_is_not_offered(tree):
    client = signed_in(resident(tree.village))

    response = client.post(
        "/en/proposals/new/",
        {"territory": tree.neighbour_village.kato_code, "title": "Lights", "body": BODY, "category": "roads"},
    )

    assert response.status_code == 200 and "territory" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_the_author_edits_a_rejected_proposal_and_resubmits(tree):
    author = resident(tree.village)
    proposal = submitted(author, tree.village)
    services.proposal_reject(
        actor=moderator(tree.district), proposal=proposal, reason_code="incomplete", reason="Where?"
    )
    client = signed_in(author)

    page = client.get(f"/en/proposals/{proposal.pk}/edit/")
    assert page.status_code == 200 and "Where?" in page.content.decode()
    client.post(
        f"/en/proposals/{proposal.pk}/edit/",
        {
            "territory": tree.village.kato_code,
            "title": proposal.title,
            "body": BODY + " On Abai street.",
            "category": "lighting",
            "action": "submit",
        },
    )

    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED and proposal.body.endswith("On Abai street.")
    assert signed_in(resident(tree.village)).get(f"/en/proposals/{proposal.pk}/edit/").status_code == 404


def test_the_author_withdraws_from_the_page(tree):
    author = resident(tree.village)
    proposal = published(author, tree.village)
    client = signed_in(author)
    url = f"/en/proposals/{proposal.pk}/author/"

    refused = client.post(url, {"action": "withdraw", "reason": "x" * 5001}, follow=True)
    assert any("at most 5000 characters" in m for m in messages_of(refused))
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED
    client.post(url, {"action": "withdraw", "reason": "Fixed."})

    proposal.refresh_from_db()
    assert proposal.status == Status.WITHDRAWN


def test_a_submitted_proposal_sends_its_author_back_from_the_edit_page(tree):
    author = resident(tree.village)
    proposal = submitted(author, tree.village)

    response = signed_in(author).get(f"/en/proposals/{proposal.pk}/edit/", follow=True)

    assert response.redirect_chain[-1][0] == f"/en/proposals/{proposal.pk}/"
    assert any("can no longer be changed" in m for m in messages_of(response))


def test_the_photos_to_remove_are_shown_as_pictures(tree):
    author = resident(tree.village)
    proposal = draft(author, tree.village, images=[image_file()])

    page = signed_in(author).get(f"/en/proposals/{proposal.pk}/edit/").content.decode()

    thumbnail = proposal.images.get().thumbnail_url
    assert f'<img src="{thumbnail}" alt="Photo 1"' in page


def test_a_rejection_note_stays_between_the_author_and_the_staff(client, tree):
    author = resident(tree.village)
    proposal = submitted(author, tree.village)
    services.proposal_reject(
        actor=moderator(tree.district),
        proposal=proposal,
        reason_code="personal_data",
        reason="Remove the phone number of your neighbour Mr Ivanov.",
    )
    services.proposal_submit(actor=author, proposal=proposal)
    services.proposal_publish(actor=moderator(tree.district), proposal=proposal)

    public = client.get(f"/en/proposals/{proposal.pk}/").content.decode()
    own = signed_in(author).get(f"/en/proposals/{proposal.pk}/").content.decode()

    assert "Returned by the moderators" in public and "Mr Ivanov" not in public
    assert "Contains personal data" not in public
    assert "Mr Ivanov" in own and "Contains personal data" in own


def test_my_proposals_lists_drafts_too(tree):
    author = resident(tree.village)
    mine = draft(author, tree.village)
    draft(resident(tree.village), tree.village)

    response = signed_in(author).get("/en/proposals/mine/")

    assert list(response.context["page_obj"].object_list) == [mine]


# -- voting through the pages -------------------------------------------------------------------------


def test_a_resident_votes_changes_and_withdraws_from_the_page(tree):
    proposal = published(resident(tree.village), tree.village)
    voter = resident(tree.village)
    client = signed_in(voter)
    url = f"/en/proposals/{proposal.pk}/vote/"

    response = client.post(url, {"choice": "for"}, follow=True)
    assert "Your vote for the proposal is counted." in messages_of(response)
    assert response.context["my_vote"] == "for"
    client.post(url, {"choice": "against"})
    assert Vote.objects.get().choice == "against"
    withdrawn = client.post(url, {"choice": ""}, follow=True)
    assert not Vote.objects.exists()
    assert "Your vote was withdrawn." in messages_of(withdrawn)
    nothing_to_withdraw = client.post(url, {"choice": ""}, follow=True)
    assert "Your vote was withdrawn." not in messages_of(nothing_to_withdraw)


def test_a_non_resident_is_told_why_they_cannot_vote(tree):
    proposal = published(resident(tree.village), tree.village)
    client = signed_in(resident(tree.neighbour_village))

    page = client.get(f"/en/proposals/{proposal.pk}/")
    assert "Only verified residents" in page.context["vote_refusal"]
    response = client.post(f"/en/proposals/{proposal.pk}/vote/", {"choice": "for"}, follow=True)

    assert any("Only verified residents" in m for m in messages_of(response))
    assert not Vote.objects.exists()


def test_comments_on_a_proposal_use_the_discussion(tree):
    proposal = published(resident(tree.village), tree.village)
    client = signed_in(UserFactory())

    response = client.post(
        f"/en/discussions/threads/{proposal.thread_id}/comments/", {"stance": "for", "body": "Good idea."}
    )

    comment = Comment.objects.get()
    assert response.status_code == 302 and response.url.startswith(f"/en/proposals/{proposal.pk}/?page=1")
    assert comment.thread.territory() == tree.village
    assert "Good idea." in client.get(f"/en/proposals/{proposal.pk}/").content.decode()


def test_reported_comments_on_a_proposal_reach_the_moderators_of_its_territory(tree):
    from apps.moderation.selectors import moderation_queue
    from apps.moderation.services import comment_report

    proposal = published(resident(tree.village), tree.village)
    comment = comment_create(actor=UserFactory(), thread=proposal.thread, body="Spam spam", stance="for")
    comment_report(actor=UserFactory(), comment=comment, reason="spam")

    assert list(moderation_queue(user=moderator(tree.district))) == [comment]
    assert list(moderation_queue(user=moderator(tree.neighbour_district))) == []


# -- staff ---------------------------------------------------------------------------------------------


def test_the_staff_queue_lists_submitted_proposals_in_scope_oldest_first(tree):
    first = submitted(resident(tree.village), tree.village, title="The first one to be submitted")
    second = submitted(resident(tree.other_village), tree.other_village, title="The second one to be submitted")
    submitted(resident(tree.neighbour_village), tree.neighbour_village, title="In the neighbouring district")
    client = staff_client(moderator(tree.district))

    response = client.get("/en/staff/proposals/")

    assert response.status_code == 200
    assert list(response.context["moderation_page"].object_list) == [first, second]
    console = client.get("/en/staff/")
    assert console.context["proposals"]["to_moderate"] == 2


def test_staff_pages_need_the_second_factor_and_a_role(tree):
    assert signed_in(moderator(tree.district)).get("/en/staff/proposals/").status_code == 302
    assert staff_client(UserFactory()).get("/en/staff/proposals/").status_code == 403


def test_a_moderator_publishes_and_rejects_from_the_proposal_page(tree):
    one = submitted(resident(tree.village), tree.village)
    two = submitted(resident(tree.village), tree.village)
    client = staff_client(moderator(tree.district))

    response = client.post(f"/en/staff/proposals/{one.pk}/decide/", {"action": "publish"})
    assert response.status_code == 302
    refused = client.post(
        f"/en/staff/proposals/{two.pk}/decide/", {"action": "reject", "reason_code": "other"}, follow=True
    )
    assert messages_of(refused)  # the explanation is required
    client.post(
        f"/en/staff/proposals/{two.pk}/decide/",
        {"action": "reject", "reason_code": "other", "reason": "Please describe where."},
    )

    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status) == (Status.PUBLISHED, Status.REJECTED)


def test_staff_of_another_territory_get_404(tree):
    proposal = submitted(resident(tree.village), tree.village)
    client = staff_client(moderator(tree.neighbour_district))

    assert client.post(f"/en/staff/proposals/{proposal.pk}/decide/", {"action": "publish"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED


def test_an_official_answers_from_the_page(tree):
    proposal = reached(resident(tree.village), tree.village)
    client = staff_client(official(tree.district))
    url = f"/en/staff/proposals/{proposal.pk}/decide/"

    client.post(url, {"action": "consider", "reason": "The akimat examines it."})
    refused = client.post(url, {"action": "accept", "response": ""}, follow=True)
    assert messages_of(refused)
    client.post(url, {"action": "accept", "response": "Will be done in May."})

    proposal.refresh_from_db()
    assert proposal.status == Status.ACCEPTED and proposal.response.body == "Will be done in May."


def test_a_moderator_cannot_answer_and_an_official_cannot_publish(tree):
    proposal = submitted(resident(tree.village), tree.village)
    official_client = staff_client(official(tree.district))

    response = official_client.post(f"/en/staff/proposals/{proposal.pk}/decide/", {"action": "publish"}, follow=True)
    assert any("Only moderators" in m for m in messages_of(response))
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED

    waiting = reached(resident(tree.village), tree.village)
    moderator_client = staff_client(moderator(tree.district))
    url = f"/en/staff/proposals/{waiting.pk}/decide/"
    response = moderator_client.post(url, {"action": "consider"}, follow=True)
    assert any("Only officials" in m for m in messages_of(response))
    assert "consider" not in moderator_client.get(f"/en/proposals/{waiting.pk}/").context["actions"]
    waiting.refresh_from_db()
    assert waiting.status == Status.THRESHOLD_REACHED


def test_officials_of_another_district_do_not_find_the_proposal(tree):
    waiting = reached(resident(tree.village), tree.village)
    client = staff_client(official(tree.neighbour_district))

    for action in ("consider", "accept"):
        response = client.post(f"/en/staff/proposals/{waiting.pk}/decide/", {"action": action, "response": "Yes."})
        assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == Status.THRESHOLD_REACHED


def test_staff_notes_that_are_too_long_are_refused_not_dropped(tree):
    waiting = reached(resident(tree.village), tree.village)
    client = staff_client(official(tree.district))

    response = client.post(
        f"/en/staff/proposals/{waiting.pk}/decide/", {"action": "consider", "reason": "x" * 5001}, follow=True
    )

    assert any("at most 5000 characters" in m for m in messages_of(response))
    waiting.refresh_from_db()
    assert waiting.status == Status.THRESHOLD_REACHED


def test_unknown_actions_are_bad_requests(tree):
    author = resident(tree.village)
    proposal = submitted(author, tree.village)

    assert signed_in(author).post(f"/en/proposals/{proposal.pk}/author/", {"action": "x"}).status_code == 400
    client = staff_client(moderator(tree.district))
    assert client.post(f"/en/staff/proposals/{proposal.pk}/decide/", {"action": "x"}).status_code == 400


def test_the_staff_queue_stays_bounded(tree, django_assert_max_num_queries):
    client = staff_client(moderator(tree.district))
    counts = []
    for size in (1, 30):
        for _ in range(size):
            submitted(resident(tree.village), tree.village)
        with django_assert_max_num_queries(14) as captured:
            assert client.get("/en/staff/proposals/").status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_staff_decisions_are_confirmed_in_the_pages_language(tree):
    proposal = submitted(resident(tree.village), tree.village)
    client = staff_client(moderator(tree.district))

    response = client.post(f"/kk/staff/proposals/{proposal.pk}/decide/", {"action": "publish"}, follow=True)

    confirmation = messages_of(response)
    assert confirmation and "The proposal is published" not in confirmation[0]
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED


def test_a_draft_does_not_exist_for_staff_deciding_either(tree):
    own_draft = draft(resident(tree.village), tree.village)
    client = staff_client(moderator(tree.district))

    response = client.post(f"/en/staff/proposals/{own_draft.pk}/decide/", {"action": "publish"})

    assert response.status_code == 404


def test_superusers_see_no_drafts_and_no_author_buttons(tree):
    author = resident(tree.village)
    superuser = signed_in(UserFactory(is_superuser=True))
    hidden = draft(author, tree.village)
    open_proposal = published(author, tree.village)

    assert superuser.get(f"/en/proposals/{hidden.pk}/").status_code == 404
    page = superuser.get(f"/en/proposals/{open_proposal.pk}/")
    assert not page.context["can_edit"] and not page.context["actions"] and page.context["vote_refusal"]
    assert superuser.get(f"/en/proposals/{open_proposal.pk}/edit/").status_code == 403


def test_a_second_account_of_the_same_person_sees_their_vote(tree):
    from apps.territories import services as territory_services
    from apps.territories.models import Residency

    proposal = published(resident(tree.village), tree.village)
    first = resident(tree.village)
    services.vote_cast(actor=first, proposal=proposal, choice="for")
    residency = Residency.objects.get(user=first)
    territory_services.residency_end(actor=first, residency=residency)
    second = UserFactory()
    Residency.objects.create(
        user=second, territory=tree.village, status="verified", iin_hash=residency.iin_hash, iin_last4="0000"
    )
    client = signed_in(second)

    assert client.get(f"/en/proposals/{proposal.pk}/").context["my_vote"] == "for"
    withdrawn = client.post(f"/en/proposals/{proposal.pk}/vote/", {"choice": ""}, follow=True)
    assert "Your vote was withdrawn." in messages_of(withdrawn)
    proposal.refresh_from_db()
    assert proposal.votes_for == 0
