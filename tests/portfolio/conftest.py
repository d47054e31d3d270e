import pytest

from portfolio import answers


@pytest.fixture(autouse=True)
def _fresh_answers():
    """Each test starts without this process's copies of cached public answers."""
    answers.clear()
    yield
    answers.clear()
