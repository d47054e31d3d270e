"""EXHALE_TRUSTED_PROXIES: one TLS proxy is assumed in production, none in development, and an
operator's number wins. Read in a fresh process, as the settings are computed at start-up."""

import pytest

from tests.config.test_deploy_settings import run_manage

SHOW = "from django.conf import settings as s; print(s.EXHALE_TRUSTED_PROXIES, s.REST_FRAMEWORK['NUM_PROXIES'])"  # noqa: E501


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"DEBUG": "1"}, "0 0"),
        ({"DEBUG": "0"}, "1 1"),
        ({"DEBUG": "0", "BEHIND_TLS_PROXY": "0"}, "0 0"),
        ({"DEBUG": "0", "EXHALE_TRUSTED_PROXIES": "2"}, "2 2"),
    ],
)
def test_the_trusted_proxy_count(tmp_path, env, expected):
    production = {
        "SECRET_KEY": "k3y-" + "x7Q!p9#Lm2@vR8$wZ5%tY1^nB6&cJ4*hF0" * 2,
        "ALLOWED_HOSTS": "testserver",
        "EXHALE_VAR_DIR": str(tmp_path),
        **env,
    }

    result = run_manage("shell", "-v", "0", "-c", SHOW, **production)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
