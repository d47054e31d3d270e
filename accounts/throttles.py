"""How often one address may sign up or fail to sign in.

django-axes locks an account-and-address pair after AXES_FAILURE_LIMIT failures; this adds the
wider net for one address trying many accounts (SIGN_IN_ADDRESS_LIMIT failures per cool-off
window) and for one address opening accounts in bulk (SIGN_UP_ADDRESS_LIMIT per hour). The
address is core.throttle.client_address, the same one axes and the demo limit read.
"""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from core.throttle import client_address, over_limit, tries_left

SIGN_UP_WINDOW_SECONDS = 3600


def _sign_in_window() -> int:
    return max(60, int(float(settings.AXES_COOLOFF_TIME) * 3600))


def sign_in_paused(request) -> bool:
    """Whether this address failed too many sign-ins, across all accounts, this window."""
    return not tries_left(
        "sign-in",
        client_address(request),
        limit=settings.SIGN_IN_ADDRESS_LIMIT,
        window_seconds=_sign_in_window(),
    )


@receiver(user_login_failed, dispatch_uid="accounts.count_failed_sign_in")
def count_failed_sign_in(sender, credentials=None, request=None, **kwargs) -> None:
    if request is not None:
        over_limit(
            "sign-in",
            client_address(request),
            limit=settings.SIGN_IN_ADDRESS_LIMIT,
            window_seconds=_sign_in_window(),
        )


def sign_up_refused(request) -> bool:
    """Count one sign-up attempt from this address; true once it is over the hourly limit."""
    return over_limit(
        "sign-up",
        client_address(request),
        limit=settings.SIGN_UP_ADDRESS_LIMIT,
        window_seconds=SIGN_UP_WINDOW_SECONDS,
    )
