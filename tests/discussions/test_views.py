"""Commenting on a provision through the pages; counts at a glance; bounded queries."""

import pytest
from django.test import Client

from apps.discussions.models import Comment, Thread
from apps.discussions.services import comment_create
from apps.documents.models import Provision
from apps.documents.services import provision_thread
from tests.accounts.factories import UserFactory
from tests.documents.factories import document_with

URL = "/en/documents/law/p/art-1.p1/"


@pytest.fixture
def law(db):
    return document_with(slug="law", sections=2, per_section=3)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_first_comment_opens_the_discussion(law):
    author = UserFactory()

    response = signed_in(author).post(f"{URL}comment/", {"stance": "suggestion", "body": "Say *residents*."})

    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#c-{comment.pk}")
    page = Client().get(URL)
    assert "<em>residents</em>" in page.content.decode()
    assert page.context["discussion"].thread.suggestion_count == 1


def test_anonymous_and_unverified_people_cannot_comment(law):
    anonymous = Client().post(f"{URL}comment/", {"stance": "for", "body": "Hi"})
    unverified = signed_in(UserFactory(verified=False)).post(f"{URL}comment/", {"stance": "for", "body": "Hi"})

    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert unverified.status_code == 302
    assert not Comment.objects.exists()
    assert "Verify your e-mail" in signed_in(UserFactory(verified=False)).get(URL).content.decode()


def test_bad_input_comes_back_as_a_message_and_writes_nothing(law):
    client = signed_in(UserFactory())

    response = client.post(f"{URL}comment/", {"stance": "for", "body": ""}, follow=True)

    assert "the comment is empty" in response.content.decode()
    assert not Comment.objects.exists()


def test_reply_edit_react_and_remove_through_the_pages(law):
    author, reader = UserFactory(), UserFactory()
    signed_in(author).post(f"{URL}comment/", {"stance": "against", "body": "Too vague"})
    top = Comment.objects.get()

    signed_in(reader).post(f"{URL}comment/", {"body": "Why?", "parent": top.pk})
    signed_in(reader).post(f"/en/discussions/comments/{top.pk}/react/", {"value": "agree"})
    signed_in(author).post(f"/en/discussions/comments/{top.pk}/edit/", {"body": "Too vague: name the body"})
    refused = signed_in(reader).post(f"/en/discussions/comments/{top.pk}/edit/", {"body": "hijack"})

    top.refresh_from_db()
    assert refused.status_code == 403
    assert top.body == "Too vague: name the body" and top.agree_count == 1 and top.reply_count == 1
    signed_in(author).post(f"/en/discussions/comments/{top.pk}/remove/")
    page = Client().get(URL).content.decode()
    assert "removed by its author" in page and "Why?" in page


def test_a_reply_to_a_reply_is_refused_with_a_message(law):
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    top = comment_create(actor=UserFactory(), thread=thread, body="Top", stance="for")
    reply = comment_create(actor=UserFactory(), thread=thread, body="Reply", parent=top)

    response = signed_in(UserFactory()).post(f"{URL}comment/", {"body": "Deeper", "parent": reply.pk}, follow=True)

    assert "one level deep" in response.content.decode()
    assert Comment.objects.count() == 2


def test_script_in_a_comment_is_inert(law):
    signed_in(UserFactory()).post(
        f"{URL}comment/", {"stance": "for", "body": "<script>alert(1)</script> [x](javascript:alert(1))"}
    )

    page = Client().get(URL).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert 'href="javascript:' not in page


def test_comment_permalink_leads_to_its_page(law):
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    comment = comment_create(actor=UserFactory(), thread=thread, body="x", stance="question")

    response = Client().get(f"/en/discussions/comments/{comment.pk}/")

    assert response.status_code == 302
    assert response["Location"].endswith(f"?text=ru&page=1#c-{comment.pk}")


def test_toc_and_section_pages_show_counts(law):
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    comment_create(actor=UserFactory(), thread=thread, body="x", stance="for")
    comment_create(actor=UserFactory(), thread=thread, body="y", stance="against")

    toc = Client().get("/en/documents/law/")
    section = Client().get("/en/documents/law/s/ch-1/").content.decode()

    assert toc.context["toc"].roots[0].comment_count == 2
    assert toc.context["toc"].roots[1].comment_count == 0
    assert "2 comments" in section and "For 1" in section and "Against 1" in section


def _many_comments(document, per_provision):
    people = [UserFactory() for _ in range(5)]
    threads = []
    for provision in Provision.objects.filter(document=document):
        thread = provision_thread(provision=provision)
        threads.append(thread)
        Comment.objects.bulk_create(
            Comment(thread=thread, author=people[n % 5], stance="for", body="b", body_html="<p>b</p>")
            for n in range(per_provision)
        )
        Thread.objects.filter(pk=thread.pk).update(comment_count=per_provision, for_count=per_provision)
    return threads


def test_section_and_thread_pages_stay_bounded_with_5000_comments(db, django_assert_max_num_queries):
    small = document_with(slug="small", sections=1, per_section=2)
    _many_comments(small, 1)
    big = document_with(slug="big", sections=1, per_section=50)
    _many_comments(big, 100)  # 50 provisions x 100 comments = 5,000
    client = Client()
    counts = []
    for slug in ("small", "big"):
        for url in (f"/en/documents/{slug}/s/ch-1/", f"/en/documents/{slug}/p/art-1.p1/", f"/en/documents/{slug}/"):
            with django_assert_max_num_queries(10) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:3] == counts[3:]


def test_a_closed_discussion_shows_its_date_and_no_form(law):
    import datetime

    from django.utils import timezone

    from apps.documents.models import Document

    Document.objects.filter(pk=law.pk).update(discussion_until=timezone.localdate() - datetime.timedelta(days=2))
    client = signed_in(UserFactory())

    page = client.get(URL)
    refused = client.post(f"{URL}comment/", {"stance": "for", "body": "Late"}, follow=True)

    assert page.context["can_comment"] is False
    assert "comments are read-only" in page.content.decode()
    assert "closed" in refused.content.decode()
    assert not Comment.objects.exists()


def test_an_open_discussion_counts_down(law):
    import datetime

    from django.utils import timezone

    from apps.documents.models import Document

    Document.objects.filter(pk=law.pk).update(discussion_until=timezone.localdate() + datetime.timedelta(days=5))

    assert "5 days left" in Client().get("/en/documents/law/").content.decode()


def test_following_from_the_page(law):
    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    comment_create(actor=UserFactory(), thread=thread, body="x", stance="for")
    reader = UserFactory()
    client = signed_in(reader)

    client.post(f"/en/discussions/threads/{thread.pk}/follow/", {"follow": "1"})

    assert client.get(URL).context["discussion"].is_following is True
    client.post(f"/en/discussions/threads/{thread.pk}/follow/", {"follow": "0"})
    assert client.get(URL).context["discussion"].is_following is False


def test_following_a_provision_before_anyone_commented(law):
    from apps.discussions.models import Subscription

    reader = UserFactory()
    client = signed_in(reader)

    response = client.post(f"{URL}follow/", {"follow": "1"})

    assert response.status_code == 302
    assert Subscription.objects.filter(user=reader, thread__provision__key="art-1.p1").exists()
    assert client.get(URL).context["discussion"].is_following is True


def test_commenting_on_an_unknown_provision_is_404(law):
    response = signed_in(UserFactory()).post("/en/documents/law/p/no-such-key/comment/", {"stance": "for", "body": "x"})

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_sort_links_keep_the_text_shown_and_start_from_the_first_page(law):
    import re

    thread = provision_thread(provision=Provision.objects.get(key="art-1.p1"))
    comment_create(actor=UserFactory(), thread=thread, body="x", stance="question")

    page = Client().get(f"{URL}?text=ru&page=1&sort=newest").content.decode()

    links = re.findall(r'class="segmented__option" href="([^"]+)"', page)
    assert links == [
        "?text=ru&amp;sort=oldest#discussion",
        "?text=ru&amp;sort=newest#discussion",
        "?text=ru&amp;sort=agreed#discussion",
    ]
    assert 'href="?text=ru&amp;sort=newest#discussion" aria-current="true"' in page
