"""Photos cost CPU and memory to decode: cheap checks first, a pixel budget, bounded decoding, private files."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from apps.proposals import images
from apps.proposals.models import Proposal
from apps.proposals.services import drafting
from tests.accounts.factories import UserFactory
from tests.proposals.factories import BODY, draft, image_file, published, resident
from tests.territories.test_views import staff_client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def decodes(monkeypatch):
    """Records every photo decoded (the costly step)."""
    calls = []
    real = images._decode

    def spy(upload):
        calls.append(upload.name)
        return real(upload)

    monkeypatch.setattr(images, "_decode", spy)
    return calls


def form(tree, **changes):
    return {
        "territory": tree.village.kato_code,
        "title": "Street lights on Abai street",
        "body": BODY,
        "category": "lighting",
        "images": [image_file("a.jpg")],
        "action": "draft",
        **changes,
    }


def test_more_pixels_than_a_phone_photo_are_refused_from_the_header(tree, decodes):
    huge = image_file("huge.png", size=(6100, 4000), fmt="PNG")

    with pytest.raises(ValidationError, match="too many pixels; reduce it below 24 megapixels"):
        images.clean_image(huge)
    assert decodes == []


def test_a_big_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    big = image_file("big.jpg", size=(5200, 3900))
    sizes = []
    real_load = images.Image.Image.load

    def load(self):
        result = real_load(self)
        sizes.append(self.size)
        return result

    monkeypatch.setattr(images.Image.Image, "load", load)

    cleaned = images.clean_image(big)

    assert max(max(size) for size in sizes) <= 2 * images.MAX_SIDE  # never the full 20 megapixels
    assert cleaned.image.size > 0


def test_an_invalid_form_decodes_no_photo(tree, decodes):
    response = signed_in(resident(tree.village)).post("/en/proposals/new/", form(tree, body="Too short"))

    assert response.status_code == 200 and "body" in response.context["form"].errors
    assert decodes == [] and not Proposal.objects.exists()


def test_refusals_of_the_service_come_before_any_decoding(tree, decodes, monkeypatch):
    author = resident(tree.village)
    monkeypatch.setattr(drafting, "CREATE_LIMIT", 1)
    draft(author, tree.village)

    response = signed_in(author).post("/en/proposals/new/", form(tree))

    assert "You have started 1 proposals today" in " ".join(response.context["form"].non_field_errors())
    assert decodes == []
    # Not a resident there at all: refused before decoding too.
    outsider = signed_in(UserFactory()).post("/en/proposals/new/", form(tree))
    assert outsider.status_code == 200 and decodes == []


def test_photo_uploads_are_rate_limited_per_person(tree, decodes, monkeypatch):
    author = resident(tree.village)
    monkeypatch.setattr(drafting, "PHOTO_LIMIT", 2)
    draft(author, tree.village, images=[image_file("one.jpg"), image_file("two.jpg")])
    decodes.clear()

    with pytest.raises(ValidationError, match="uploaded 2 photos in the last hour"):
        draft(author, tree.village, images=[image_file("three.jpg")])
    assert decodes == []


def test_decoding_waits_for_a_free_decoder_and_says_so_when_none_frees(monkeypatch):
    monkeypatch.setattr(images, "DECODE_WAIT_SECONDS", 0.01)
    held = [images._decoders.acquire() for _ in range(images.DECODE_CONCURRENCY)]
    try:
        with pytest.raises(ValidationError, match="busy processing photos"):
            images.clean_image(image_file("waiting.jpg"))
    finally:
        for _ in held:
            images._decoders.release()

    assert images.clean_image(image_file("after.jpg")).image.size > 0


# -- serving ---------------------------------------------------------------------------


def photo_urls(proposal):
    item = proposal.images.get()
    return item.url, item.thumbnail_url


def test_a_drafts_photos_are_the_authors_alone(tree):
    author = resident(tree.village)
    proposal = draft(author, tree.village, images=[image_file("a.jpg")])
    full, thumb = photo_urls(proposal)

    for client in (Client(), signed_in(resident(tree.village)), signed_in(UserFactory(is_superuser=True))):
        assert client.get(full).status_code == 404 and client.get(thumb).status_code == 404
    mine = signed_in(author).get(thumb)
    assert mine.status_code == 200 and mine["Cache-Control"] == "private, no-store"
    assert b"".join(mine.streaming_content)[:2] == b"\xff\xd8"  # a JPEG


def test_a_public_proposals_photos_are_served_to_anyone_and_cached(tree, django_assert_max_num_queries):
    proposal = published(resident(tree.village), tree.village, images=[image_file("a.jpg")])
    full, _thumb = photo_urls(proposal)

    with django_assert_max_num_queries(2):
        response = Client().get(full)

    assert response.status_code == 200 and response["Cache-Control"].startswith("public, max-age=")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_staff_of_the_territory_see_a_submitted_proposals_photos(tree):
    from tests.proposals.factories import moderator, submitted

    proposal = submitted(resident(tree.village), tree.village, images=[image_file("a.jpg")])
    full, _thumb = photo_urls(proposal)

    assert staff_client(moderator(tree.district)).get(full).status_code == 200
    assert staff_client(moderator(tree.neighbour_district)).get(full).status_code == 404


def test_nginx_sends_the_file_when_configured(tree, settings):
    settings.CIVIC_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    proposal = published(resident(tree.village), tree.village, images=[image_file("a.jpg")])
    item = proposal.images.get()

    response = Client().get(item.url)

    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{item.image.name}"


def test_unknown_photos_and_variants_are_404(tree):
    proposal = published(resident(tree.village), tree.village, images=[image_file("a.jpg")])
    item = proposal.images.get()
    other = published(resident(tree.village), tree.village)

    assert Client().get(f"/en/proposals/{proposal.pk}/photos/{item.pk}/original/").status_code == 404
    assert Client().get(f"/en/proposals/{other.pk}/photos/{item.pk}/full/").status_code == 404
    assert Client().get(f"/en/proposals/{proposal.pk}/photos/999999/full/").status_code == 404
