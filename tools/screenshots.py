"""Screenshots of the main pages in every language, at phone and desktop width.

    .venv/bin/python tools/screenshots.py [BASE_URL] [OUT_DIR]

Needs a running site (``make run``) and Debian's Chromium. Used to look at the
site as a newcomer would before calling a feature done.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

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
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for lang in ("kk", "ru", "en"):
                for name, path in PAGES.items():
                    page.goto(base + path.format(lang=lang))
                    target = out_dir / f"{name}-{lang}-{device}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
