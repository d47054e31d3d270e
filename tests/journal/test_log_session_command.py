"""Logging from a terminal calls the same service as the page and the API."""

import pytest
from django.core.management import CommandError, call_command

from journal.models import StudySession

pytestmark = pytest.mark.django_db


def test_command_logs_a_session(owner, capsys):
    call_command("log_session", "owner", "45", "coding", "lesson 3 notebook")

    session = StudySession.objects.get()
    assert (session.learner, session.minutes, session.kind, session.note) == (
        owner,
        45,
        "coding",
        "lesson 3 notebook",
    )
    assert "Logged 45 min of coding for owner" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody", "45", "coding"], "No learner called"),
        (["owner", "0", "coding"], "between 1 and 1440"),
        (["owner", "1500", "coding"], "between 1 and 1440"),
        (["owner", "forty", "coding"], "between 1 and 1440"),
        (["owner", "45", "napping"], "Pick one of the kinds"),
    ],
)
def test_command_refuses_bad_input_with_the_services_message(owner, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("log_session", *args)
    assert not StudySession.objects.exists()
