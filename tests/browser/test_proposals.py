"""The main flow of proposals in a browser: a resident proposes, a moderator publishes,
neighbours vote until the threshold, an official takes it up and answers publicly."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from apps.proposals.models import Proposal, VotingPolicy
from tests.proposals.factories import image_file, moderator, official, resident
from tests.territories.factories import build_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # tests.accounts.factories.UserFactory
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def sign_in(browser, base: str, user, *, totp: bool = False):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{base}/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    if totp:
        page.fill("input[name=code]", format_hotp_value(hotp_value(SECRET, int(time.time()) // 30)))
        page.click("main form button[type=submit]")
    return page


def test_propose_moderate_vote_answer(live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tree = build_tree()
    VotingPolicy.objects.create(territory=tree.village, threshold_percent=10, threshold_minimum=2, voting_days=90)
    author, first_voter, second_voter = (resident(tree.village) for _ in range(3))
    district_moderator, district_official = moderator(tree.district), official(tree.district)
    for person in (district_moderator, district_official):
        TOTP.activate(person, SECRET)
    base = live_server.url
    photo = tmp_path / "pothole.jpg"
    photo.write_bytes(image_file().read())

    # A resident proposes, on a phone.
    page = sign_in(browser, base, author)
    page.goto(f"{base}/en/proposals/new/")
    page.select_option("select[name=territory]", tree.village.kato_code)
    page.fill("input[name=title]", "Street lights on Abai street")
    page.fill("textarea[name=body]", "There are no street lights at all; children walk to school in the dark.")
    page.select_option("select[name=category]", "lighting")
    page.set_input_files("input[name=images]", str(photo))
    page.click("button[name=action][value=submit]")
    assert "Awaiting moderation" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    proposal = Proposal.objects.get()
    assert proposal.images.count() == 1

    # The district moderator publishes it from the queue.
    page = sign_in(browser, base, district_moderator, totp=True)
    page.goto(f"{base}/en/staff/proposals/")
    page.click(f"main a:has-text('{proposal.title}')")
    page.click("button[name=action][value=publish]")
    assert "residents can vote" in page.locator(".messages").inner_text()

    # Two neighbours vote for it: the threshold (2) is reached.
    for voter in (first_voter, second_voter):
        page = sign_in(browser, base, voter)
        page.goto(f"{base}/en/proposals/{proposal.pk}/")
        page.click("button[name=choice][value=for]")
        assert "You voted for." in page.locator("main").inner_text()
    assert "Threshold reached" in page.locator(".page-header").inner_text()

    # The district official takes it up and answers.
    page = sign_in(browser, base, district_official, totp=True)
    page.goto(f"{base}/en/staff/proposals/")
    page.click(f"main a:has-text('{proposal.title}')")
    page.click("button[name=action][value=consider]")
    page.fill("textarea[name=response]", "Twelve lamps will be installed in May by the district akimat.")
    page.click("button[name=action][value=accept]")
    assert "Accepted" in page.locator(".page-header").inner_text()

    # Anyone reads the public answer and the timeline.
    page = browser.new_page()
    page.goto(f"{base}/kk/proposals/{proposal.pk}/")
    text = page.locator("main").inner_text()
    assert "Twelve lamps will be installed in May" in text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.votes_for == 2
    assert list(proposal.status_changes.values_list("to_status", flat=True)) == [
        "submitted",
        "published",
        "threshold_reached",
        "under_consideration",
        "accepted",
    ]
