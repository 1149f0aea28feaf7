import pytest

from tests.territories.factories import build_tree


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded photos go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
