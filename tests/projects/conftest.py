import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test writes its uploads under its own MEDIA_ROOT, so a listing before and after
    sees only what that test did."""
    settings.MEDIA_ROOT = tmp_path / "media"
