"""No Docker engine runs here, so the compose file and the Dockerfile are checked by reading:
every service must agree with what config/settings.py expects."""

import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_SOURCE = (ROOT / "config" / "settings.py").read_text()


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile():
    return (ROOT / "Dockerfile").read_text()


def command_of(service) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else command


def queues_of(service) -> set[str]:
    words = command_of(service)
    return set(words[words.index("-Q") + 1].split(",")) if "-Q" in words else set()


def test_compose_has_every_service_the_architecture_names(compose):
    assert set(compose["services"]) == {
        "web",
        "worker",
        "gpu-worker",
        "beat",
        "redis",
        "postgres",
        "minio",
        "createbucket",
    }


def test_workers_consume_exactly_the_queues_settings_route_to(compose):
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    known = routed | {settings.CELERY_TASK_DEFAULT_QUEUE}
    services = compose["services"]

    assert queues_of(services["worker"]) == {"default"}
    assert queues_of(services["gpu-worker"]) == {"gpu"}
    assert queues_of(services["worker"]) | queues_of(services["gpu-worker"]) == known


def test_gpu_worker_runs_one_job_at_a_time_on_a_reserved_nvidia_gpu(compose):
    gpu = compose["services"]["gpu-worker"]
    words = command_of(gpu)

    assert words[words.index("-c") + 1] == "1"
    devices = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert devices[0]["driver"] == "nvidia" and "gpu" in devices[0]["capabilities"]


def test_app_services_share_the_image_and_an_environment_settings_reads(compose):
    app_services = ["web", "worker", "gpu-worker", "beat"]
    for name in app_services:
        service = compose["services"][name]
        assert service["build"] == "." and service["image"] == "exhale:latest", name
        env = service["environment"]
        assert env["DEBUG"] == "0"
        for variable in env:
            assert f'"{variable}"' in SETTINGS_SOURCE, (
                f"{name} sets {variable}, settings ignores it"
            )
        assert (
            env["DATABASE_URL"].startswith("postgres://")
            and "@postgres:5432/" in env["DATABASE_URL"]
        )
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        depends = service["depends_on"]
        assert set(depends) == {"postgres", "redis", "createbucket"}
        assert depends["postgres"]["condition"] == depends["redis"]["condition"] == (
            "service_healthy"
        )
        assert depends["createbucket"]["condition"] == "service_completed_successfully"


def test_celery_services_point_at_the_project_app(compose):
    for name in ["worker", "gpu-worker", "beat"]:
        words = command_of(compose["services"][name])
        assert words[:3] == ["celery", "-A", "config"], name
    assert "beat" in command_of(compose["services"]["beat"])


def test_web_serves_with_gunicorn_on_the_published_port(compose, dockerfile):
    web = compose["services"]["web"]
    command = web["command"]
    assert "manage.py migrate" in command and "gunicorn config.wsgi:application" in command
    port = re.search(r"--bind 0\.0\.0\.0:(\d+)", command).group(1)
    assert f"{port}:{port}" in web["ports"]
    assert f"EXPOSE {port}" in dockerfile
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def test_databases_have_health_checks_and_volumes(compose):
    services = compose["services"]
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "ping" in services["redis"]["healthcheck"]["test"]
    assert re.fullmatch(r"postgres:\d+", services["postgres"]["image"])
    assert re.fullmatch(r"redis:\d+", services["redis"]["image"])
    assert set(compose["volumes"]) == {"miniodata", "pgdata", "redisdata"}
    db = services["postgres"]["environment"]
    web_url = services["web"]["environment"]["DATABASE_URL"]
    assert f"//{db['POSTGRES_USER']}:" in web_url and web_url.endswith("/" + db["POSTGRES_DB"])


def test_dockerfile_installs_the_ml_extra_and_collects_static(dockerfile):
    assert re.search(r"^FROM python:3\.11", dockerfile, re.M)
    assert "pip install --no-cache-dir -e '.[ml]'" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "config.wsgi:application" in dockerfile
    assert re.search(r"^USER (?!root)", dockerfile, re.M), "the app must not run as root"
    for variable in ["EXHALE_VAR_DIR", "MEDIA_ROOT", "STATIC_ROOT"]:
        assert variable in dockerfile and f'"{variable}"' in SETTINGS_SOURCE


APP_SERVICES = ["web", "worker", "gpu-worker", "beat"]


def test_app_files_live_in_the_minio_bucket_and_no_app_container_shares_a_folder(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000", name
        assert env["EXHALE_S3_BUCKET"] and env["AWS_S3_ADDRESSING_STYLE"] == "path", name
        assert "MINIO_ROOT_PASSWORD" in env["AWS_SECRET_ACCESS_KEY"], name
        assert "MEDIA_ROOT" not in env, name
        assert not services[name].get("volumes"), f"{name} mounts a folder another may share"
    minio = services["minio"]
    assert minio["image"].startswith("minio/minio") and "server /data" in minio["command"]
    assert any(v.startswith("miniodata:") for v in minio["volumes"])
    assert "ready" in minio["healthcheck"]["test"]
    assert ":?" in minio["environment"]["MINIO_ROOT_PASSWORD"], "no default password"


def test_the_one_shot_makes_the_bucket_the_apps_use_and_keeps_it_private(compose):
    maker = compose["services"]["createbucket"]
    script = maker["entrypoint"]

    assert maker["image"].startswith("minio/mc")
    assert maker["depends_on"]["minio"]["condition"] == "service_healthy"
    assert maker["restart"] == "no"
    assert "mb --ignore-existing exhale/$$EXHALE_S3_BUCKET" in script
    assert "anonymous set none" in script
    bucket = compose["services"]["web"]["environment"]["EXHALE_S3_BUCKET"]
    assert maker["environment"]["EXHALE_S3_BUCKET"] == bucket


@pytest.mark.parametrize("bucket", ["", "exhale"])
def test_settings_store_files_in_the_bucket_exactly_when_one_is_named(bucket, tmp_path):
    import json
    import os
    import subprocess
    import sys

    probe = (
        "import json; from config import settings as s; "
        "o = s.STORAGES['default'].get('OPTIONS', {}); "
        "print(json.dumps([s.STORAGES['default']['BACKEND'], o.get('bucket_name'), "
        "o.get('default_acl'), o.get('querystring_expire')]))"
    )
    env = {**os.environ, "EXHALE_S3_BUCKET": bucket, "EXHALE_VAR_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    ).stdout
    backend, name, acl, expire = json.loads(out.strip().splitlines()[-1])

    if bucket:
        assert (backend, name, acl) == ("storages.backends.s3.S3Storage", "exhale", None)
        assert expire <= 300
    else:
        assert backend == "django.core.files.storage.FileSystemStorage"
