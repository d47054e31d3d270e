"""Schemathesis walks every operation of /api/schema/ against the live server, as an anonymous
visitor and as a learner with a token. The short run here bounds examples per operation
(EXHALE_FUZZ_EXAMPLES); `make fuzz` runs the long one with many more."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from accounts.services import api_token_create
from tests.factories import LearnerFactory

EXAMPLES = int(os.environ.get("EXHALE_FUZZ_EXAMPLES", "6"))


@pytest.fixture
def api_schema(live_server, transactional_db, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    # The fuzzer is one very busy client; throttling would only hide operations from it.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    return schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")


def fuzz_every_operation(schema, headers: dict) -> tuple[int, list[str]]:
    """Run EXAMPLES generated cases per operation; return cases run and the failures."""
    failures: list[str] = []
    cases_run = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=os.environ.get("EXHALE_FUZZ_RANDOM") != "1",
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case):
            nonlocal cases_run
            cases_run += 1
            case.call_and_validate(headers=headers, checks=[checks.not_a_server_error])

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(exc)[:800]}")
    return cases_run, failures


def report(actor: str, schema, cases: int, failures: list[str]) -> None:
    """With EXHALE_FUZZ_REPORT set (make fuzz), append what ran, for the figures."""
    path = os.environ.get("EXHALE_FUZZ_REPORT")
    if path:
        operations = sum(1 for _ in schema.get_all_operations())
        with open(path, "a") as out:
            out.write(
                f"{actor}: {operations} operations, {cases} cases, {len(failures)} failing\n"
            )


def test_api_never_fails_an_anonymous_visitor(api_schema):
    cases, failures = fuzz_every_operation(api_schema, headers={})
    report("anonymous", api_schema, cases, failures)

    assert cases > 0
    assert failures == [], "\n\n".join(failures)


def test_api_never_fails_a_learner_with_a_token(api_schema):
    learner = LearnerFactory(username="fuzzer")
    _, key = api_token_create(learner=learner, name="fuzz")

    cases, failures = fuzz_every_operation(api_schema, headers={"Authorization": f"Token {key}"})
    report("learner with a token", api_schema, cases, failures)

    assert cases > 0
    assert failures == [], "\n\n".join(failures)
