import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

PROJECT_APPS = {"accounts", "curriculum", "journal", "projects", "training_jobs", "portfolio"}


def project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin(model):
    assert admin.site.is_registered(model), f"register {model._meta.label} in its admin.py"


@pytest.mark.django_db
def test_admin_changelists_open_for_a_superuser(client, django_user_model):
    boss = django_user_model.objects.create_superuser(
        "boss", "boss@example.com", "pw-long-enough-1"
    )
    client.force_login(boss)

    for model in project_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
