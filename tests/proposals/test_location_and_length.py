"""Issue 10: a point off the globe is named as such (not as "digits"), a long description is refused
with its counts (never cut by the browser), and the help speaks of formatting, not "Markdown"."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from apps.proposals.forms import ProposalForm
from apps.proposals.models import Proposal
from tests.proposals.factories import BODY, draft, resident


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(tree, **changes) -> ProposalForm:
    data = {
        "territory": tree.village.kato_code,
        "title": "Street lights on Abai street",
        "body": BODY,
        "category": "lighting",
        "latitude": "51.169392",
        "longitude": "71.449074",
        **changes,
    }
    return ProposalForm(data, territories=[tree.village])


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("150", "71.4", "latitude", "Latitude must be between -90 and 90."),
        ("-90.5", "71.4", "latitude", "Latitude must be between -90 and 90."),
        ("51.1", "200", "longitude", "Longitude must be between -180 and 180."),
        ("51.1", "-1234.5678", "longitude", "Longitude must be between -180 and 180."),
    ],
)
def test_a_point_off_the_globe_is_named_as_such(tree, latitude, longitude, field, message):
    bound = form(tree, latitude=latitude, longitude=longitude)

    assert not bound.is_valid()
    assert bound.errors[field] == [message]
    assert not any("digits" in text for errors in bound.errors.values() for text in errors)


def test_a_point_on_the_globe_but_outside_kazakhstan_still_says_so(tree):
    bound = form(tree, latitude="71.4", longitude="51.1")

    assert not bound.is_valid()
    assert any("outside Kazakhstan" in message for message in bound.errors["latitude"])


def test_the_service_checks_the_range_first_and_rounds_to_the_places_kept(tree):
    with pytest.raises(ValidationError) as refused:
        draft(resident(tree.village), tree.village, latitude=Decimal("150"), longitude=Decimal("71.4"))
    assert refused.value.message_dict["latitude"] == ["Latitude must be between -90 and 90."]

    bound = form(tree, latitude="51.16939251234", longitude="71.4490745")
    assert bound.is_valid(), bound.errors
    proposal = draft(
        resident(tree.village),
        tree.village,
        latitude=bound.cleaned_data["latitude"],
        longitude=bound.cleaned_data["longitude"],
    )
    proposal.refresh_from_db()
    assert (proposal.latitude, proposal.longitude) == (Decimal("51.169393"), Decimal("71.449074"))


def test_the_page_shows_the_range_message(tree):
    response = signed_in(resident(tree.village)).post(
        "/en/proposals/new/",
        {
            "territory": tree.village.kato_code,
            "title": "Street lights on Abai street",
            "body": BODY,
            "category": "lighting",
            "latitude": "150",
            "longitude": "71.4",
            "action": "draft",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Latitude must be between -90 and 90." in page and "digits" not in page
    assert not Proposal.objects.exists()


def test_a_description_over_the_limit_is_refused_with_its_counts(tree):
    bound = form(tree, body="x" * 10_312)

    assert not bound.is_valid()
    assert bound.errors["body"] == ["The description has 10,312 characters; the limit is 10,000. Shorten it by 312."]
    with pytest.raises(ValidationError) as refused:
        draft(resident(tree.village), tree.village, body="x" * 10_001)
    assert refused.value.message_dict["body"] == [
        "The description has 10,001 characters; the limit is 10,000. Shorten it by 1."
    ]


def test_the_description_shows_the_limit_and_formatting_and_has_no_maxlength(tree):
    page = signed_in(resident(tree.village)).get("/en/proposals/new/").content.decode()

    assert "Up to 10,000 characters." in page
    assert "Formatting: *italic*, **bold**, lists, links." in page
    assert "Markdown" not in page
    assert 'maxlength="10000"' not in page
