"""Initiatives in a browser: an official accepts a proposal and opens an initiative in one step, posts an
update with a photo from a phone, marks the work completed; one resident confirms it, another disputes it."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from apps.initiatives.models import CompletionCheck, Initiative
from apps.proposals import services as proposal_services
from apps.proposals.models import Proposal
from tests.browser.test_proposals import SECRET, sign_in
from tests.proposals.factories import image_file, official, reached, resident
from tests.territories.factories import build_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accept_open_update_complete_confirm_dispute(live_server, browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tree = build_tree()
    district_official = official(tree.district)
    TOTP.activate(district_official, SECRET)
    proposal = reached(resident(tree.village), tree.village, title="Street lights on Abai street")
    proposal_services.proposal_consider(actor=district_official, proposal=proposal)
    confirming, disputing = resident(tree.village), resident(tree.village)
    base = live_server.url
    photo = tmp_path / "poles.jpg"
    photo.write_bytes(image_file().read())
    due = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()

    # The official accepts the proposal and opens the initiative in one step, from the proposal's page.
    page = sign_in(browser, base, district_official, totp=True)
    page.goto(f"{base}/en/proposals/{proposal.pk}/")
    page.click("a:has-text('Accept and open an initiative')")
    assert page.input_value("input[name=title]") == "Street lights on Abai street"  # filled in from the proposal
    page.fill("textarea[name=response]", "Twelve lamps will be installed by the district akimat.")
    page.fill("input[name=due_date]", due)
    page.click("main form button[type=submit]")
    assert "initiative is open" in page.locator(".messages").inner_text()
    initiative = Initiative.objects.get()
    assert Proposal.objects.get().status == Proposal.Status.ACCEPTED
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # An update with a photo, from the phone.
    page.click("a:has-text('Post an update')")
    page.fill("textarea[name=body]", "Six of the twelve poles are set along Abai street.")
    page.fill("input[name=percent]", "50")
    page.set_input_files("input[name=photos]", str(photo))
    page.click("main form button[type=submit]")
    assert "Six of the twelve poles are set" in page.locator("#updates").inner_text()
    assert page.locator("#updates img").count() == 1
    assert "In progress" in page.locator(".page-header").inner_text()

    # The work is done.
    page.click("summary:has-text('Mark as completed')")
    page.click("button[name=action][value=complete]")
    assert "Completed" in page.locator(".page-header").inner_text()

    # One resident confirms, another disputes.
    page = sign_in(browser, base, confirming)
    page.goto(f"{base}/en/initiatives/{initiative.pk}/")
    page.check("input[name=verdict][value=confirmed]")
    page.click("#check button[type=submit]")
    assert "confirmation is counted" in page.locator(".messages").inner_text()

    page = sign_in(browser, base, disputing)
    page.goto(f"{base}/en/initiatives/{initiative.pk}/")
    page.check("input[name=verdict][value=done_badly]")
    page.fill("#check textarea[name=comment]", "Two of the lamps do not light at night.")
    page.click("#check button[type=submit]")
    assert "dispute is counted" in page.locator(".messages").inner_text()
    assert "Two of the lamps do not light at night." in page.locator("main").inner_text()

    initiative.refresh_from_db()
    assert (initiative.confirmations, initiative.disputes, initiative.status) == (1, 1, Initiative.Status.COMPLETED)
    assert CompletionCheck.objects.count() == 2
