"""Screenshots of the main pages in every language, at phone and desktop width.

    .venv/bin/python tools/screenshots.py [BASE_URL] [OUT_DIR]

Needs a running site (``make run``) and Debian's Chromium. Used to look at the
site as a newcomer would before calling a feature done.
"""

import os
import sys
import time
from pathlib import Path

import django
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")
django.setup()  # allauth's TOTP helpers read its settings

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value  # noqa: E402

# The demo accounts of README.md (``setup_site --demo``); staff sign in with the demo TOTP secret.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPCIVICDEMO2345672"  # noqa: S105 (development only)

PAGES = {
    "home": "/{lang}/",
    "documents": "/{lang}/documents/",
    "toc": "/{lang}/documents/concept-2012/",
    "section": "/{lang}/documents/concept-2012/s/concept.1/",
    "provision": "/{lang}/documents/concept-2012/p/decree.p1/",
    "proposals": "/{lang}/proposals/",
    "proposal": "/{lang}/proposals/2/",
    "proposal-answered": "/{lang}/proposals/3/",
    "territory": "/{lang}/territories/113431100/",
    "login": "/{lang}/accounts/login/",
    "search": "/{lang}/territories/?q=%D0%90%D0%BA%D0%B1%D1%83%D0%BB%D0%B0%D0%BA",
    "contact": "/{lang}/contact/",
    "initiatives": "/{lang}/initiatives/",
    "initiative": "/{lang}/initiatives/1/",
    "initiative-delayed": "/{lang}/initiatives/2/",
    "initiative-completed": "/{lang}/initiatives/3/",
    "ledger": "/{lang}/initiatives/ledger/113431100/",
}
#: Pages as each demo person sees them: (e-mail, password, staff?) -> pages.
SIGNED_IN = {
    ("resident@civic.localhost", "civic-resident-demo", False): {
        "home-resident": "/{lang}/",
        "propose": "/{lang}/proposals/new/",
        "residency": "/{lang}/account/residency/",
        "initiative-check": "/{lang}/initiatives/3/",
        "mine": "/{lang}/proposals/mine/",
    },
    ("waiting@civic.localhost", "civic-waiting-demo", False): {
        "propose-waiting": "/{lang}/proposals/new/",
        "proposal-waiting": "/{lang}/proposals/2/",
    },
    ("moderator@civic.localhost", "civic-moderator-demo", True): {
        "staff-console": "/{lang}/staff/",
        "staff-proposals": "/{lang}/staff/proposals/",
        "staff-moderation": "/{lang}/staff/moderation/",
        "staff-residencies": "/{lang}/staff/residencies/",
    },
    ("official@civic.localhost", "civic-official-demo", True): {
        "staff-initiatives": "/{lang}/staff/initiatives/?queue=delayed",
        "initiative-official": "/{lang}/initiatives/2/",
        "initiative-update": "/{lang}/staff/initiatives/1/update/",
    },
    ("republic-moderator@civic.localhost", "civic-republic-demo", True): {
        "staff-moderation-republic": "/{lang}/staff/moderation/",
    },
}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def main(base: str = "http://127.0.0.1:8000", out: str = "screenshots") -> None:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for device, (width, height) in WIDTHS.items():
            for person, pages in [(None, PAGES), *SIGNED_IN.items()]:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                if person is not None:
                    sign_in(page, base, *person)
                for lang in ("kk", "ru", "en"):
                    for name, path in pages.items():
                        page.goto(base + path.format(lang=lang))
                        target = out_dir / f"{name}-{lang}-{device}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target)
                context.close()
        browser.close()


def sign_in(page, base: str, email: str, password: str, staff: bool) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    if staff:
        # A code is accepted once: wait for a fresh one when this account already used the current one.
        page.fill("input[name=code]", format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30)))
        page.click("main form button[type=submit]")
        if page.locator("input[name=code]").count():
            time.sleep(31 - time.time() % 30)
            page.fill("input[name=code]", format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30)))
            page.click("main form button[type=submit]")


if __name__ == "__main__":
    main(*sys.argv[1:])
