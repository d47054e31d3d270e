import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_with_database_and_broker_reachable(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_names_an_unreachable_broker(client, settings, tmp_path):
    if settings.REDIS_URL:
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
        from config.celery import app

        app.conf.broker_url = settings.CELERY_BROKER_URL
        try:
            response = client.get(reverse("healthz"))
        finally:
            app.conf.broker_url = settings.REDIS_URL
    else:
        options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        options["data_folder_out"] = str(tmp_path / "missing")
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = options
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert "broker" in response.json()["failing"]
    assert "database" not in response.json()["failing"]


def test_healthz_names_an_unreachable_database(client, monkeypatch):
    from config import views

    monkeypatch.setattr(views, "_database_ok", lambda: "database unreachable: OperationalError")

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["failing"] == {"database": "database unreachable: OperationalError"}


def test_friendly_404_page(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
