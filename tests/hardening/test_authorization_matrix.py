"""Every URL pattern and API route, walked with three actors (anonymous, the owner, another
learner) against one private object of every kind. Only the owner reads or changes it; the
others get 404 (never 403, so existence does not leak) and never see its text.

Routes come from the URL configuration: a new route that is not classified below fails
test_every_route_is_classified, so it cannot slip past this matrix."""

from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from accounts.services import api_token_create
from tests.factories import LearnerFactory
from tests.support.urlwalk import all_routes
from tests.support.world import MARKER, build_private_world

# route name -> (kind of private object, URL parameter, extra fixed parameters)
OBJECT_ROUTES = {
    "accounts:api_token_revoke": ("token", "token_id", {}),
    "api:token-detail": ("token", "token_id", {}),
    "curriculum:roadmap_detail": ("roadmap", "pk", {}),
    "curriculum:roadmap_path": ("roadmap", "pk", {}),
    "curriculum:item_detail": ("item", "pk", {}),
    "journal:session_row": ("session", "pk", {}),
    "curriculum:roadmap_settings": ("roadmap", "pk", {}),
    "curriculum:roadmap_delete": ("roadmap", "pk", {}),
    "curriculum:roadmap_use": ("roadmap", "pk", {}),
    "curriculum:roadmap_export": ("roadmap", "pk", {"fmt": "md"}),
    "curriculum:stage_add": ("roadmap", "pk", {}),
    "curriculum:stage_rename": ("stage", "pk", {}),
    "curriculum:stage_delete": ("stage", "pk", {}),
    "curriculum:stage_restore": ("stage", "pk", {}),
    "curriculum:stage_move": ("stage", "pk", {}),
    "curriculum:item_add": ("stage", "pk", {}),
    "curriculum:item_edit": ("item", "pk", {}),
    "curriculum:item_delete": ("item", "pk", {}),
    "curriculum:item_restore": ("item", "pk", {}),
    "curriculum:item_move": ("item", "pk", {}),
    "curriculum:item_status": ("item", "pk", {}),
    "curriculum:item_link": ("item", "pk", {}),
    "curriculum:step_add": ("item", "pk", {}),
    "curriculum:step_tick": ("item", "pk", {"index": 0}),
    "curriculum:step_rename": ("item", "pk", {"index": 0}),
    "curriculum:step_remove": ("item", "pk", {"index": 0}),
    "api:roadmap-detail": ("roadmap", "pk", {}),
    "api:roadmap-copy": ("roadmap", "pk", {}),
    "api:roadmap-export": ("roadmap", "pk", {}),
    "api:roadmap-stage-create": ("roadmap", "pk", {}),
    "api:roadmap-stage-reorder": ("roadmap", "pk", {}),
    "api:roadmap-stage-detail": ("stage", "pk", {}),
    "api:roadmap-stage-restore": ("stage", "pk", {}),
    "api:roadmap-item-create": ("stage", "pk", {}),
    "api:roadmap-item-reorder": ("stage", "pk", {}),
    "api:roadmap-item-detail": ("item", "pk", {}),
    "api:roadmap-item-restore": ("item", "pk", {}),
    "api:roadmap-item-status": ("item", "pk", {}),
    "api:roadmap-item-steps": ("item", "pk", {}),
    "api:roadmap-item-step": ("item", "pk", {"index": 0}),
    "journal:session_detail": ("session", "pk", {}),
    "journal:session_edit": ("session", "pk", {}),
    "journal:session_delete": ("session", "pk", {}),
    "journal:reflection_detail": ("reflection", "pk", {}),
    "journal:reflection_delete": ("reflection", "pk", {}),
    "journal:review_detail": ("review", "pk", {}),
    "journal:not_to_do_retire": ("not_to_do", "pk", {}),
    "api:journal-session-detail": ("session", "pk", {}),
    "api:journal-reflection-detail": ("reflection", "pk", {}),
    "api:journal-review-detail": ("review", "pk", {}),
    "api:journal-not-to-do-detail": ("not_to_do", "pk", {}),
    "journal:pause_delete": ("pause", "pk", {}),
    "api:journal-pause-detail": ("pause", "pk", {}),
    "training_jobs:detail": ("run", "job_id", {}),
    "training_jobs:live": ("run", "job_id", {}),
    "training_jobs:cancel": ("run", "job_id", {}),
    "training_jobs:retry": ("run", "job_id", {}),
    "training_jobs:publish": ("run", "job_id", {}),
    "training_jobs:artifact": ("run", "job_id", {"name": "curve.png"}),
    "api:job-detail": ("run", "job_id", {}),
    "api:job-cancel": ("run", "job_id", {}),
    "api:job-retry": ("run", "job_id", {}),
    "api:job-publish": ("run", "job_id", {}),
    "training_jobs:reference": ("run", "job_id", {}),
    "api:job-reference": ("run", "job_id", {}),
    "training_jobs:try_it": ("run", "job_id", {}),
    "training_jobs:try_result": ("run", "job_id", {"token": "no-such-prediction"}),
    "api:job-prediction-create": ("run", "job_id", {}),
    "api:job-prediction-detail": ("run", "job_id", {"token": "no-such-prediction"}),
    "projects:dataset_detail": ("dataset", "dataset_id", {}),
    "projects:dataset_delete": ("dataset", "dataset_id", {}),
    "api:dataset-detail": ("dataset", "dataset_id", {}),
    "api:dataset-columns": ("dataset", "dataset_id", {}),
    "portfolio:publication": ("reflection", "pk", {"kind": "reflection"}),
    "tracking:detail": ("logged_run", "run_id", {}),
    "tracking:publish": ("logged_run", "run_id", {}),
    "tracking:compare": ("logged_run", "run_id", {}),
    "tracking:reference": ("logged_run", "run_id", {}),
    "tracking:log-session": ("logged_run", "run_id", {}),
    "tracking:artifact": ("logged_run", "run_id", {"path": "plots/curve.png"}),
    "tracking:experiment-link": ("experiment", "experiment_id", {}),
    "mlflow:artifact": ("logged_artifact", "path", {}),
    "tracking:notebook": ("notebook", "notebook_id", {}),
    "tracking:notebook-publish": ("notebook", "notebook_id", {}),
    "tracking:notebook-delete": ("notebook", "notebook_id", {}),
    "tracking:notebook-image": ("notebook", "notebook_id", {"version": 1, "name": "image-1.png"}),
}

# Routes with parameters that are not a private object: filled with these values.
PUBLIC_PARAM_ROUTES = {
    "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "journal:review_edit": {"week": "2026-W01"},
    "projects:detail": {"slug": "tabular-titanic"},
    "portfolio:learner": {"username": "owner"},
    "portfolio:sitemap_page": {"section": "learners", "number": 0},
    "portfolio:feed": {"username": "owner"},
    "portfolio:post": {"username": "owner", "slug": "reflection-1"},
    "portfolio:follow": {"username": "owner"},
    "portfolio:unfollow": {"username": "owner"},
    "portfolio:run": {"username": "owner", "run_id": 0},
    "portfolio:compare": {"username": "owner"},
    "portfolio:badge": {"username": "owner", "kind": "streak"},
    "portfolio:year": {"username": "owner", "year": date.today().year},
    "portfolio:year_card": {"username": "owner", "year": date.today().year},
    "mlflow:not-supported": {"rest": "api/2.0/mlflow/registered-models/search"},
}

METHODS = ["get", "post", "put", "patch", "delete"]
ROUTES = all_routes()


def route_id(route):
    return route.name


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module's hundreds of tests, in a transaction rolled back after the
    last; each test runs in a savepoint inside it (pytest-django's db), so whatever a request
    changes is undone before the next test. Only the owner's GET and the others' refused calls
    reach it, and the files it writes are the owner's, which no one else may delete."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_private_world(LearnerFactory(username="owner"))
        transaction.set_rollback(True)


@pytest.fixture
def actors(db, world):
    stranger = LearnerFactory(username="stranger")
    _, owner_key = api_token_create(learner=world.owner, name="matrix")
    _, stranger_key = api_token_create(learner=stranger, name="matrix")
    clients = {}
    for name, learner, key in [
        ("owner", world.owner, owner_key),
        ("stranger", stranger, stranger_key),
    ]:
        page = Client()
        page.force_login(learner)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        clients[name] = (page, api)
    clients["anonymous"] = (Client(), APIClient())
    return clients


def client_for(actors, actor, route):
    page, api = actors[actor]
    return api if route.is_api else page


def call(client, method, url):
    return (
        getattr(client, method)(url, data={}, format="json")
        if isinstance(client, APIClient)
        else getattr(client, method)(url)
    )


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_every_route_is_classified():
    with_params = {r.name for r in ROUTES if r.params}
    unclassified = with_params - set(OBJECT_ROUTES) - set(PUBLIC_PARAM_ROUTES)
    stale = (set(OBJECT_ROUTES) | set(PUBLIC_PARAM_ROUTES)) - {r.name for r in ROUTES}

    assert not unclassified, f"classify these routes in the matrix: {sorted(unclassified)}"
    assert not stale, f"these routes no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in OBJECT_ROUTES], ids=route_id)
def test_only_the_owner_reaches_a_private_object(route, world, actors):
    kind, param, extra = OBJECT_ROUTES[route.name]
    url = route.fill({param: world.ids()[kind], **extra})

    for method in METHODS:
        for actor in ["anonymous", "stranger"]:
            response = call(client_for(actors, actor, route), method, url)
            allowed = {404, 405}
            if actor == "anonymous":
                allowed |= {401, 403} if route.is_api else {302}
            assert response.status_code in allowed, (
                f"{actor} {method.upper()} {url} answered {response.status_code}"
            )
            if response.status_code == 302:
                assert "/accounts/login/" in response.url
            assert MARKER not in body(response), f"{actor} {method.upper()} {url} leaked"

    owner_view = call(client_for(actors, "owner", route), "get", url)
    assert owner_view.status_code in {200, 302, 405}, (
        f"owner GET {url} answered {owner_view.status_code}: is the matrix entry right?"
    )
    assert world.roadmap.__class__.objects.filter(
        pk=world.roadmap.pk, title__contains=MARKER
    ).exists()


@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_no_page_or_endpoint_shows_private_text_to_others(route, world, actors):
    """The privacy sweep: every route, read by a visitor and by another learner."""
    values = {
        **{p: 0 for p in route.params},
        **PUBLIC_PARAM_ROUTES.get(route.name, {}),
    }
    if route.name in OBJECT_ROUTES:
        kind, param, extra = OBJECT_ROUTES[route.name]
        values.update({param: world.ids()[kind], **extra})
    url = route.fill(values)

    for actor in ["anonymous", "stranger"]:
        response = call(client_for(actors, actor, route), "get", url)
        assert response.status_code < 500, f"{actor} GET {url}: {response.status_code}"
        assert MARKER.lower() not in body(response).lower(), f"{actor} GET {url} leaked"


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.is_api], ids=route_id)
def test_no_page_has_inline_scripts_or_event_handlers(route, world, actors):
    """The Content-Security-Policy forbids inline scripts; this finds any before a browser does."""
    from tests.support.urlwalk import inline_script_problems

    values = {**{p: 0 for p in route.params}, **PUBLIC_PARAM_ROUTES.get(route.name, {})}
    if route.name in OBJECT_ROUTES:
        kind, param, extra = OBJECT_ROUTES[route.name]
        values.update({param: world.ids()[kind], **extra})
    url = route.fill(values)

    for actor in ["owner", "anonymous"]:
        response = call(client_for(actors, actor, route), "get", url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        assert inline_script_problems(body(response)) == [], f"{actor} GET {url}"
