"""Issue 10: a proposal's photo opens on a page of the site (numbered, with its neighbours and the
full-size file), visible exactly to those who may see the proposal."""

from django.test import Client

from tests.accounts.factories import UserFactory
from tests.proposals.factories import draft, image_file, moderator, published, resident, submitted
from tests.territories.test_views import staff_client

TITLE = "Street lights on Abai street"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def photos(count: int) -> list:
    return [image_file(f"photo-{n}.jpg") for n in range(count)]


def test_a_photo_has_its_page_with_alt_text_neighbours_and_the_full_size_file(tree):
    proposal = published(resident(tree.village), tree.village, title=TITLE, images=photos(3))
    items = list(proposal.images.order_by("order", "pk"))
    base = f"/en/proposals/{proposal.pk}/photos"

    response = Client().get(f"{base}/2/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'alt="{TITLE} — Photo 2 of 3"' in page
    assert f'src="{items[1].url}"' in page
    assert f'href="{base}/1/" rel="prev"' in page and f'href="{base}/3/" rel="next"' in page
    assert f'href="/en/proposals/{proposal.pk}/"' in page  # back to the proposal
    assert f'href="{items[1].url}">Full-size photo (640 × 480 pixels)' in page
    assert 'class="site-header' in page  # in the site's layout, not a bare file

    first = Client().get(f"{base}/1/").content.decode()
    last = Client().get(f"{base}/3/").content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and "Photo 3 of 3" in last


def test_a_wrong_number_is_404(tree):
    proposal = published(resident(tree.village), tree.village, images=photos(2))
    without = published(resident(tree.village), tree.village)

    for url in (
        f"/en/proposals/{proposal.pk}/photos/0/",
        f"/en/proposals/{proposal.pk}/photos/3/",
        f"/en/proposals/{without.pk}/photos/1/",
        "/en/proposals/999999/photos/1/",
    ):
        assert Client().get(url).status_code == 404, url


def test_the_photo_page_is_seen_by_whoever_sees_the_proposal(tree):
    author = resident(tree.village)
    mine = draft(author, tree.village, images=photos(1))
    waiting = submitted(resident(tree.village), tree.village, images=photos(1))

    for client in (Client(), signed_in(resident(tree.village)), signed_in(UserFactory(is_superuser=True))):
        # As the proposal's own page: a draft does not exist for anyone but its author.
        assert client.get(f"/en/proposals/{mine.pk}/").status_code == 404
        assert client.get(f"/en/proposals/{mine.pk}/photos/1/").status_code == 404
    assert signed_in(author).get(f"/en/proposals/{mine.pk}/photos/1/").status_code == 200
    assert Client().get(f"/en/proposals/{waiting.pk}/photos/1/").status_code == 404
    assert staff_client(moderator(tree.district)).get(f"/en/proposals/{waiting.pk}/photos/1/").status_code == 200
    elsewhere = staff_client(moderator(tree.neighbour_district))
    assert elsewhere.get(f"/en/proposals/{waiting.pk}/").status_code == 404
    assert elsewhere.get(f"/en/proposals/{waiting.pk}/photos/1/").status_code == 404


def test_the_thumbnails_on_the_proposal_page_lead_to_the_photo_pages(tree):
    proposal = published(resident(tree.village), tree.village, images=photos(2))

    page = Client().get(f"/en/proposals/{proposal.pk}/").content.decode()

    assert f'href="/en/proposals/{proposal.pk}/photos/1/"' in page
    assert f'href="/en/proposals/{proposal.pk}/photos/2/"' in page
    assert 'alt="Photo 2 of 2"' in page


def test_the_photo_page_reads_a_fixed_number_of_queries(tree, django_assert_num_queries):
    few = published(resident(tree.village), tree.village, images=photos(1))
    many = published(resident(tree.village), tree.village, images=photos(5))

    # The proposal with its territory, then its photos: nothing per photo.
    with django_assert_num_queries(2):
        assert Client().get(f"/en/proposals/{few.pk}/photos/1/").status_code == 200
    with django_assert_num_queries(2):
        assert Client().get(f"/en/proposals/{many.pk}/photos/3/").status_code == 200
