"""Issue 10: a long comment is refused with its counts (never cut by the browser), the help speaks of
formatting (not "Markdown"), and a proposal's discussion offers no "suggested wording"."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from apps.discussions.models import Comment, discussion_stances
from apps.discussions.services import MAX_LENGTH, comment_create, too_long_message
from apps.documents.models import Provision
from apps.documents.services import provision_thread
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with
from tests.proposals.factories import published, resident
from tests.territories.factories import build_tree

URL = "/en/documents/law/p/art-1.p1/"
TOO_LONG = "x" * 5_312
SHORTEN = "The comment has 5,312 characters; the limit is 5,000. Shorten it by 312."


@pytest.fixture
def law(db):
    return document_with(slug="law", sections=1, per_section=2)


@pytest.fixture
def proposal(db):
    tree = build_tree()
    return published(resident(tree.village), tree.village)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- length ------------------------------------------------------------------------------------


def test_a_comment_over_the_limit_is_refused_with_its_counts_and_its_text_kept(law):
    response = signed_in(UserFactory()).post(f"{URL}comment/", {"stance": "for", "body": TOO_LONG})

    assert response.status_code == 200
    page = response.content.decode()
    assert SHORTEN in page
    assert TOO_LONG in page  # in the textarea again: nothing to type twice
    assert not Comment.objects.exists()


def test_a_reply_over_the_limit_comes_back_as_a_reply(law):
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    top = comment_create(actor=UserFactory(), thread=thread, body="Top", stance="for")

    response = signed_in(UserFactory()).post(f"{URL}comment/", {"body": TOO_LONG, "parent": top.pk})

    assert response.status_code == 200
    assert SHORTEN in response.content.decode()
    assert "stance" not in response.context["form"].fields  # a reply takes no stance
    assert response.context["form"]["parent"].value() == str(top.pk)
    assert Comment.objects.count() == 1


def test_the_comment_fields_show_the_limit_and_formatting_and_no_maxlength(law):
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    author = UserFactory()
    comment = comment_create(actor=author, thread=thread, body="Top", stance="for")

    provision_page = signed_in(UserFactory()).get(URL).content.decode()
    edit_page = signed_in(author).get(f"/en/discussions/comments/{comment.pk}/edit/").content.decode()

    for page in (provision_page, edit_page):
        assert "Up to 5,000 characters." in page
        assert "Formatting: *italic*, **bold**, lists, links." in page
        assert "Markdown" not in page
        assert 'maxlength="5000"' not in page  # the comment, the reply and the edit textareas


def test_an_edit_over_the_limit_is_refused_with_its_counts(law):
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    author = UserFactory()
    comment = comment_create(actor=author, thread=thread, body="Short", stance="for")

    response = signed_in(author).post(f"/en/discussions/comments/{comment.pk}/edit/", {"body": TOO_LONG})

    assert response.status_code == 200
    assert SHORTEN in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Short"


def test_the_service_refuses_with_the_same_counts(law):
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))

    with pytest.raises(ValidationError) as refused:
        comment_create(actor=UserFactory(), thread=thread, body="y" * (MAX_LENGTH + 1), stance="for")

    assert refused.value.code == "too_long"
    assert refused.value.messages == ["The comment has 5,001 characters; the limit is 5,000. Shorten it by 1."]


def test_the_counts_are_written_as_the_language_writes_numbers():
    with translation.override("ru"):
        message = too_long_message(5_312)

    assert "5\xa0312" in message and "5\xa0000" in message


# -- stances -----------------------------------------------------------------------------------


def test_a_proposal_takes_no_suggested_wording_but_a_provision_does(law, proposal):
    provision = Provision.objects.get(key="art-1.p1")

    assert discussion_stances(proposal) == ("for", "against", "question")
    assert discussion_stances(proposal.thread) == ("for", "against", "question")
    assert "suggestion" in discussion_stances(provision_thread(provision=provision))


def test_the_service_refuses_a_suggested_wording_on_a_proposal(proposal):
    with pytest.raises(ValidationError) as refused:
        comment_create(actor=UserFactory(), thread=proposal.thread, body="Write it so", stance="suggestion")

    assert refused.value.code == "stance"
    assert "no wording to suggest changes to" in refused.value.messages[0]
    assert not Comment.objects.exists()
    comment_create(actor=UserFactory(), thread=proposal.thread, body="A question", stance="question")


def test_the_proposal_page_offers_no_suggested_wording(law, proposal):
    proposal_page = signed_in(UserFactory()).get(f"/en/proposals/{proposal.pk}/").content.decode()
    provision_page = signed_in(UserFactory()).get(URL).content.decode()

    assert 'name="stance"' in proposal_page and 'value="question"' in proposal_page
    assert 'value="suggestion"' not in proposal_page
    assert 'value="suggestion"' in provision_page


def test_a_suggested_wording_posted_to_a_proposal_is_refused_with_the_text_kept(proposal):
    response = signed_in(UserFactory()).post(
        f"/en/discussions/threads/{proposal.thread_id}/comments/", {"stance": "suggestion", "body": "Write it so"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "no wording to suggest changes to" in page and "Write it so" in page
    assert 'value="suggestion"' not in page
    assert not Comment.objects.exists()
