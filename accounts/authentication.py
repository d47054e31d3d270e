from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.models import ApiToken, hash_token_key


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` against hashed, revocable, named tokens."""

    def authenticate_credentials(self, key):
        token = (
            ApiToken.objects.select_related("learner").filter(key_hash=hash_token_key(key)).first()
        )
        if token is None or not token.learner.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.learner, token)
