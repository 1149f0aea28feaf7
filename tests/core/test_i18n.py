"""Three languages: every catalogue complete, URLs prefixed, Kazakh first."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OUR_CATALOGUES = [ROOT / "locale" / code / "LC_MESSAGES" / "django.po" for code in ("kk", "ru", "en")]
ALL_CATALOGUES = [*OUR_CATALOGUES, *sorted((ROOT / "locale_vendor").glob("*/LC_MESSAGES/*.po"))]


def test_languages_are_kazakh_russian_english_in_that_order():
    assert [code for code, _name in settings.LANGUAGES] == ["kk", "ru", "en"]
    assert settings.LANGUAGE_CODE == "kk"


@pytest.mark.parametrize("path", ALL_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entries(path):
    assert path.exists(), f"missing catalogue {path}"
    catalogue = polib.pofile(str(path))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_catalogues_contain_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the sources finds no msgid that the catalogues lack."""
    for name in ("apps", "civic", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "data"))
    (tmp_path / "locale").mkdir()
    subprocess.run(
        ["django-admin", "makemessages", "-l", "kk", "--no-location", "--no-obsolete"],  # noqa: S607
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": str(Path(__file__).parents[2] / ".venv/bin") + ":/usr/bin:/bin"},
    )
    extracted = {entry.msgid for entry in polib.pofile(str(tmp_path / "locale/kk/LC_MESSAGES/django.po"))}
    catalogued = {entry.msgid for entry in polib.pofile(str(OUR_CATALOGUES[0])) if not entry.obsolete}

    assert extracted - catalogued == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("kk", 'lang="kk"'), ("ru", 'lang="ru"'), ("en", 'lang="en"')])
def test_pages_are_served_under_a_language_prefix(client, language, expected):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_root_redirects_to_kazakh_by_default(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/kk/"


@pytest.mark.django_db
def test_root_redirects_to_the_remembered_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    assert client.get("/")["Location"] == "/ru/"


@pytest.mark.django_db
def test_every_page_offers_the_language_switcher(client):
    content = client.get("/en/documents/").content.decode()

    for code in ("kk", "ru", "en"):
        assert f'href="/{code}/documents/" hreflang="{code}"' in content
    assert "Қазақша" in content and "Русский" in content


@pytest.mark.parametrize(
    ("language", "date", "number"),
    [
        ("kk", "01.12.2026", "2\xa0500\xa0000"),
        ("ru", "1 декабря 2026 г.", "2\xa0500\xa0000"),
        ("en", "Dec. 1, 2026", "2,500,000"),
    ],
)
def test_dates_and_numbers_follow_the_language(language, date, number):
    """Django ships no Kazakh formats: without civic/formats Kazakh pages showed American dates."""
    import datetime

    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import formats, translation

    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 12, 1)) == date
        assert intcomma(2_500_000) == number


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("path", OUR_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_passes_msgfmt_checks(path, tmp_path):
    """Placeholders match their msgid, so Django's own compilemessages works too (not only ours)."""
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own files)
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(path)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
