"""The layout on a phone (390 px) and a desktop (1280 px), in each interface language.

On every page: the page's h1 starts within the first 160 px on a phone (a
one-row header, one line of breadcrumbs), and nothing is wider than the
screen — the page does not scroll sideways and no element reaches past the
right edge, except inside a box that scrolls by itself (the staff tables).
Also: the header's menu opens on a phone and dissolves on a desktop, the
comment sort control keeps to one row, the proposal list's sort choices fit
their dropdown.

Set LAYOUT_SCREENSHOTS=/tmp/layout to keep a screenshot of every page.
"""

import datetime
import os
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from apps.discussions.services import comment_create
from apps.documents.models import Provision
from apps.documents.reference import REFERENCE_TEXTS
from apps.documents.services import document_load, provision_thread
from apps.initiatives.services import initiative_open_from_proposal
from apps.moderation.models import Report
from apps.moderation.services import comment_hide, comment_report
from apps.proposals.models import VotingPolicy
from apps.proposals.services import proposal_consider
from apps.territories.models import Residency
from tests.accounts.factories import UserFactory, staff_client
from tests.proposals.factories import moderator, official, reached, resident, submitted
from tests.territories.factories import build_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
H1_TOP_ON_A_PHONE = 160
PROVISION = "concept.1.1.para1"

PUBLIC = {
    "home": "/{lang}/",
    "provision": f"/{{lang}}/documents/concept-2012/p/{PROVISION}/",
    "proposals": "/{lang}/proposals/",
    "initiatives": "/{lang}/initiatives/",
    "ledger": "/{lang}/initiatives/ledger/113000000/",
}
RESIDENT = {"propose": "/{lang}/proposals/new/"}
STAFF = {
    "staff-initiatives": "/{lang}/staff/initiatives/",
    "staff-proposals": "/{lang}/staff/proposals/",
    "staff-moderation": "/{lang}/staff/moderation/",
    "staff-residencies": "/{lang}/staff/residencies/",
}

# What sticks out past the right (or left) edge of the window: visible elements not
# inside a box that scrolls or clips sideways and itself fits the window.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || (box.right <= width + 0.5 && box.left >= -0.5)) continue;
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: false})) continue;
    let parent = element.parentElement, contained = false;
    for (; parent && parent !== document.body; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      const edges = parent.getBoundingClientRect();
      if (overflow !== 'visible' && edges.right <= width + 0.5 && edges.left >= -0.5) { contained = true; break; }
    }
    const edges = `${Math.round(box.left)}..${Math.round(box.right)}`;
    if (!contained) out.push(`${element.tagName.toLowerCase()}.${element.className} ${edges}`);
  }
  return out;
}"""

# The widest choice of a <select> against the room its box has for text.
SELECT_ROOM = """(select) => {
  const style = getComputedStyle(select);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const widest = Math.max(...[...select.options].map((option) => context.measureText(option.text).width));
  const arrow = 20;
  return {widest, room: select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow};
}"""


@pytest.fixture
def site(transactional_db):
    """The Concept with a discussed provision; a village with a verified resident, proposals
    in both staff queues, a reported and a hidden comment, a declaration waiting; its district's moderator."""
    ref = REFERENCE_TEXTS[0]
    document_load(text=ref.path.read_text(encoding="utf-8"), slug=ref.slug, language=ref.language)
    tree = build_tree()
    VotingPolicy.objects.create(territory=tree.village, threshold_percent=10, threshold_minimum=2, voting_days=90)
    author, neighbour = resident(tree.village, display_name="Aigerim Nurlanovna Seitkazinova"), resident(tree.village)
    district_moderator = moderator(tree.district)
    proposal = reached(author, tree.village, title="Уличное освещение на улице Береке от школы до амбулатории")
    submitted(author, tree.village, title="Перебои с водой по вечерам")
    thread = provision_thread(provision=Provision.objects.get(key=PROVISION))
    comment_create(actor=author, thread=thread, body="Жергілікті қоғамдастықтың қатысуын кеңейту керек.", stance="for")
    comment_create(actor=neighbour, thread=thread, body="Кто будет за это платить?", stance="question")
    reported = comment_create(actor=neighbour, thread=proposal.thread, body="Окна недорого, звоните!", stance="against")
    comment_report(actor=author, comment=reported, reason=Report.Reason.SPAM, text="Реклама, не по теме")
    hidden = comment_create(actor=neighbour, thread=proposal.thread, body="Грубость.", stance="against")
    comment_hide(actor=district_moderator, comment=hidden, reason="Оскорбление соседей; правила обсуждения, пункт 3")
    Residency.objects.create(
        user=UserFactory(display_name="Yerlan Waiting"),
        territory=tree.village,
        status=Residency.Status.PENDING,
        iin_hash=uuid.uuid4().hex,
        iin_last4="2003",
    )
    runner = official(tree.district)
    proposal_consider(actor=runner, proposal=proposal)
    initiative_open_from_proposal(
        actor=runner,
        proposal=proposal,
        response="Двенадцать фонарей поставят в мае.",
        title=proposal.title,
        description="Двенадцать светодиодных фонарей от школы до амбулатории.",
        category="lighting",
        responsible_body="Аппарат акима Акбулакского сельского округа",
        budget_planned=4_800_000,
        due_date=timezone.localdate() + datetime.timedelta(days=90),
    )
    return {"resident": author, "moderator": district_moderator}


def signed_in(browser, base: str, viewport: dict, client: Client):
    """A browser context carrying ``client``'s session (staff_client: password and TOTP passed)."""
    context = browser.new_context(viewport=viewport)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    return context


def check(page, url: str, name: str, language: str, device: str) -> float:
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == language
    width, height = WIDTHS[device]
    h1 = page.locator("main h1").first.bounding_box()
    assert h1 is not None, f"{name}: no h1"
    if folder := os.environ.get("LAYOUT_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}-{language}-{device}.png", full_page=True)
    limit = H1_TOP_ON_A_PHONE if device == "phone" else height / 2
    assert h1["y"] <= limit, f"{name}: the h1 starts at {h1['y']:.0f} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name}: the page scrolls sideways"
    assert page.evaluate(OVERFLOWING) == [], f"{name}: wider than the screen"
    return h1["y"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("device", list(WIDTHS))
def test_pages_fit_the_screen_and_start_near_the_top(live_server, browser, site, device, language):
    width, height = WIDTHS[device]
    viewport = {"width": width, "height": height}
    base = live_server.url

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    for name, path in PUBLIC.items():
        check(page, base + path.format(lang=language), name, language, device)
    context.close()

    resident_client = Client()
    resident_client.force_login(site["resident"])
    context = signed_in(browser, base, viewport, resident_client)
    page = context.new_page()
    for name, path in RESIDENT.items():
        check(page, base + path.format(lang=language), name, language, device)
    assert page.locator("main select[name=territory]").count() == 1  # the form itself, not a refusal
    context.close()

    context = signed_in(browser, base, viewport, staff_client(site["moderator"]))
    page = context.new_page()
    for name, path in STAFF.items():
        check(page, base + path.format(lang=language), name, language, device)
    assert page.locator("main .card").count() == 1  # the declaration waiting
    page.goto(base + STAFF["staff-moderation"].format(lang=language))
    assert page.locator("main .card").count() == 1 and page.locator("main .table").count() == 1
    context.close()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_on_a_phone_the_header_is_one_row_and_the_menu_opens(live_server, phone, site, language):
    page = phone
    page.goto(f"{live_server.url}/{language}/documents/concept-2012/p/{PROVISION}/")

    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 64
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".lang-switcher a[hreflang=ru]").is_visible()
    for width in (320, 360, 390):  # brand, languages and menu side by side, none over another
        page.set_viewport_size({"width": width, "height": 844})
        parts = (".brand", ".lang-switcher", ".site-menu__toggle")
        brand, languages, toggle = (page.locator(part).bounding_box() for part in parts)
        assert brand["x"] + brand["width"] <= languages["x"], width
        assert languages["x"] + languages["width"] <= toggle["x"], width
        assert toggle["x"] + toggle["width"] <= width and page.locator(".site-header").bounding_box()["height"] <= 64
    page.set_viewport_size({"width": 390, "height": 844})
    # One line of breadcrumbs: the way up only.
    crumbs = page.locator(".breadcrumbs").bounding_box()
    assert crumbs["height"] <= 36
    assert page.locator(".breadcrumbs a:visible").count() == 1

    page.locator(".site-menu__toggle").click()
    links = page.locator(".site-nav__link")
    assert links.count() == 5
    for index in range(5):
        box = links.nth(index).bounding_box()
        assert links.nth(index).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert box["height"] >= 44  # a finger's width
    assert page.locator(".account-menu a[href*='/accounts/login/']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The comment sort control: one row of three, inside the screen.
    options = page.locator(".segmented__option")
    tops = {round(options.nth(index).bounding_box()["y"]) for index in range(3)}
    assert len(tops) == 1
    control = page.locator(".segmented").bounding_box()
    assert control["x"] >= 0 and control["x"] + control["width"] <= 390


def test_on_a_desktop_the_full_header_and_trail_show(live_server, desktop, site):
    page = desktop
    page.goto(f"{live_server.url}/kk/documents/concept-2012/p/{PROVISION}/")

    assert page.locator(".site-menu__toggle").is_hidden()
    assert page.locator(".site-nav__link").nth(3).is_visible()
    assert page.locator(".account-menu a[href*='/accounts/login/']").is_visible()
    assert page.locator(".lang-switcher a[hreflang=kk]").inner_text() == "Қазақша"
    assert page.locator(".breadcrumbs li:visible").count() == page.locator(".breadcrumbs li").count() >= 4
    # The bar (languages, account) above the brand, the navigation below it.
    bar = page.locator(".lang-switcher").bounding_box()
    brand = page.locator(".brand").bounding_box()
    nav = page.locator(".site-nav").bounding_box()
    assert bar["y"] < brand["y"] < nav["y"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_sort_choices_fit_their_dropdown_on_a_phone(live_server, phone, site, language):
    page = phone
    page.goto(f"{live_server.url}/{language}/proposals/")

    fit = page.locator("select[name=sort]").evaluate(SELECT_ROOM)
    assert fit["widest"] <= fit["room"], fit


def test_a_wide_staff_table_scrolls_in_its_own_box_on_a_phone(live_server, browser, site):
    context = signed_in(browser, live_server.url, {"width": 390, "height": 844}, staff_client(site["moderator"]))
    page = context.new_page()
    page.goto(f"{live_server.url}/kk/staff/proposals/")

    table = page.locator(".table").first
    assert table.evaluate("box => box.scrollWidth > box.clientWidth")  # it scrolls...
    assert table.get_attribute("tabindex") == "0"  # ...from the keyboard too
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page does not
    labels = page.locator(".table thead th")
    for index in range(labels.count()):  # no column label is cut or broken
        assert labels.nth(index).evaluate("th => th.scrollWidth <= th.clientWidth")
    context.close()
