"""Who is calling: an Exhale API token sent the ways the MLflow client sends credentials.

`MLFLOW_TRACKING_TOKEN` arrives as `Authorization: Bearer <token>`; `MLFLOW_TRACKING_USERNAME`
and `MLFLOW_TRACKING_PASSWORD` as Basic, where the password is the token and the username must
be its owner's. The token rules (hashed, revocable, active learner) are the API's own.
"""

from __future__ import annotations

import base64
import binascii

from rest_framework import exceptions

from accounts.authentication import ApiTokenAuthentication
from tracking.errors import MlflowError

_tokens = ApiTokenAuthentication()


def learner_from_request(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, credentials = header.partition(" ")
    scheme = scheme.lower()
    credentials = credentials.strip()
    username = None
    if scheme == "bearer" or scheme == "token":
        key = credentials
    elif scheme == "basic":
        try:
            decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise MlflowError("Malformed Basic credentials.", "UNAUTHENTICATED") from None
        username, _, key = decoded.partition(":")
    else:
        raise MlflowError(
            "Sign in with an Exhale API token: set MLFLOW_TRACKING_TOKEN to a token from "
            "your profile's API tokens page.",
            "UNAUTHENTICATED",
        )
    if not key:
        raise MlflowError("The API token is empty.", "UNAUTHENTICATED")
    try:
        learner, _token = _tokens.authenticate_credentials(key)
    except exceptions.AuthenticationFailed:
        raise MlflowError("Invalid or revoked API token.", "UNAUTHENTICATED") from None
    if username is not None and username.lower() != learner.username.lower():
        raise MlflowError("That token belongs to another account.", "UNAUTHENTICATED")
    return learner
