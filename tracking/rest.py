"""The MLflow REST endpoints, thin: read the request, call a selector or a service, answer
MLflow's JSON. See docs/mlflow.md for what is supported."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import wraps

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from core.nul import contains_nul
from tracking import selectors, serialize, services, values
from tracking.auth import learner_from_request
from tracking.errors import MlflowError, invalid


def _answer(payload: dict, status: int = 200) -> JsonResponse:
    # The client's JSON parser reads NaN and Infinity, which json.dumps writes by default.
    return JsonResponse(payload, status=status, json_dumps_params={"allow_nan": True})


def error_response(exc: MlflowError) -> JsonResponse:
    return _answer(exc.as_json(), status=exc.status)


def _refuse_nul(value) -> None:
    if contains_nul(value):
        raise invalid("Text values cannot contain the NUL character (\\u0000).")


def _payload(request: HttpRequest) -> dict:
    if request.method == "GET":
        payload: dict = {}
        for key in request.GET:
            items = request.GET.getlist(key)
            payload[key] = items if len(items) > 1 or key.endswith("_ids") else items[0]
        return payload
    if len(request.body) > values.MAX_BATCH_BYTES:
        raise invalid(f"The request is over {values.MAX_BATCH_BYTES:,} bytes.")
    if not request.body:
        return {}
    try:
        payload = json.loads(
            request.body,
            parse_constant=lambda c: {
                "NaN": math.nan,
                "Infinity": math.inf,
                "-Infinity": -math.inf,
            }[c],
        )
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise invalid("The request body is not valid JSON.") from None
    except RecursionError:
        raise invalid("The request body is nested too deeply.") from None
    if not isinstance(payload, dict):
        raise invalid("The request body must be a JSON object.")
    _refuse_nul(payload)
    return payload


def endpoint(*methods: str) -> Callable:
    """Authenticate, parse, map every learner mistake to MLflow's 4xx error JSON."""

    def wrap(handler):
        @csrf_exempt
        @wraps(handler)
        def view(request: HttpRequest, *args, **kwargs):
            try:
                if request.method not in methods:
                    raise MlflowError(
                        f"{request.method} is not allowed here; use {', '.join(methods)}.",
                        "BAD_REQUEST",
                        status=405,
                    )
                learner = learner_from_request(request)
                _refuse_nul([[key, *items] for key, items in request.GET.lists()])
                _refuse_nul(list(kwargs.values()))
                return handler(request, learner, *args, **kwargs)
            except MlflowError as exc:
                response = error_response(exc)
                if exc.code == "UNAUTHENTICATED":
                    response["WWW-Authenticate"] = 'Bearer realm="exhale"'
                return response
            except ValidationError as exc:
                return error_response(invalid(" ".join(exc.messages)))

        return view

    return wrap


@endpoint("GET")
def experiment_get_by_name(request, learner):
    name = _payload(request).get("experiment_name")
    if not name:
        raise invalid("Missing value for required parameter 'experiment_name'.")
    exp = selectors.experiment_by_name(learner=learner, name=name)
    return _answer({"experiment": serialize.experiment(exp)})


@endpoint("GET")
def experiment_get(request, learner):
    exp = selectors.experiment_for(
        learner=learner, experiment_id=_payload(request).get("experiment_id")
    )
    return _answer({"experiment": serialize.experiment(exp)})


@endpoint("POST")
def experiment_create(request, learner):
    exp = services.experiment_create(learner=learner, name=_payload(request).get("name"))
    return _answer({"experiment_id": str(exp.pk)})


@endpoint("POST")
def experiment_search(request, learner):
    from tracking.models import Experiment

    services.default_experiment(learner=learner)
    experiments = Experiment.objects.filter(learner=learner).order_by("pk")
    return _answer({"experiments": [serialize.experiment(e) for e in experiments]})


@endpoint("POST")
def run_create(request, learner):
    body = _payload(request)
    run = services.run_create(
        learner=learner,
        experiment_id=body.get("experiment_id", "0"),
        run_name=body.get("run_name"),
        start_time=body.get("start_time"),
        tags=services._as_list(body.get("tags"), "tags"),
    )
    return _answer({"run": serialize.run(run)})


def _run_id(body: dict):
    run_id = body.get("run_id") or body.get("run_uuid")
    if not run_id:
        raise invalid("Missing value for required parameter 'run_id'.")
    return run_id


@endpoint("GET")
def run_get(request, learner):
    run = selectors.run_for(learner=learner, run_id=_run_id(_payload(request)))
    return _answer({"run": serialize.run(run)})


@endpoint("POST")
def run_update(request, learner):
    body = _payload(request)
    run = services.run_update(
        learner=learner,
        run_id=_run_id(body),
        status=body.get("status"),
        end_time=body.get("end_time"),
        run_name=body.get("run_name"),
    )
    return _answer({"run_info": serialize.run_info(run)})


@endpoint("POST")
def run_delete(request, learner):
    services.run_set_deleted(learner=learner, run_id=_run_id(_payload(request)), deleted=True)
    return _answer({})


@endpoint("POST")
def run_restore(request, learner):
    services.run_set_deleted(learner=learner, run_id=_run_id(_payload(request)), deleted=False)
    return _answer({})


@endpoint("POST")
def run_log_batch(request, learner):
    body = _payload(request)
    services.run_log_batch(
        learner=learner,
        run_id=_run_id(body),
        metrics=body.get("metrics"),
        params=body.get("params"),
        tags=body.get("tags"),
    )
    return _answer({})


def _log_one(batch_field: str, fields: tuple[str, ...]):
    """runs/log-metric, log-parameter and set-tag: one entity, logged as a batch of one."""

    @endpoint("POST")
    def view(request, learner):
        body = _payload(request)
        entity = {k: body.get(k) for k in fields}
        services.run_log_batch(learner=learner, run_id=_run_id(body), **{batch_field: [entity]})
        return _answer({})

    return view


run_log_metric = _log_one("metrics", ("key", "value", "timestamp", "step"))
run_log_parameter = _log_one("params", ("key", "value"))
run_set_tag = _log_one("tags", ("key", "value"))


@endpoint("POST")
def run_search(request, learner):
    body = _payload(request)
    runs, token = selectors.search_runs(
        learner=learner,
        experiment_ids=services._as_list(body.get("experiment_ids"), "experiment_ids"),
        filter_string=body.get("filter", ""),
        run_view_type=body.get("run_view_type", "ACTIVE_ONLY"),
        max_results=body.get("max_results", 1000),
        order_by=services._as_list(body.get("order_by"), "order_by"),
        page_token=body.get("page_token"),
    )
    answer: dict = {"runs": [serialize.run(r) for r in runs]}
    if token:
        answer["next_page_token"] = token
    return _answer(answer)


@endpoint("GET")
def metric_history(request, learner):
    body = _payload(request)
    points, token = selectors.metric_history(
        learner=learner,
        run_id=_run_id(body),
        key=body.get("metric_key"),
        max_results=body.get("max_results"),
        page_token=body.get("page_token"),
    )
    answer: dict = {"metrics": [serialize.metric(p) for p in points]}
    if token:
        answer["next_page_token"] = token
    return _answer(answer)


@endpoint("POST")
def logged_models_search(request, learner):
    # Exhale keeps no logged models; an empty answer lets `runs:/` URIs resolve to artifacts.
    return _answer({"models": []})


@endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def not_supported(request, learner, rest: str = ""):
    raise MlflowError(
        f"Exhale's tracking endpoint does not support {request.path}. See /docs/mlflow for "
        "what it supports.",
        "ENDPOINT_NOT_FOUND",
    )
