from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services, throttles
from accounts.forms import ApiTokenForm, ProfileForm, SignUpForm


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and throttles.sign_up_refused(request):
        form.is_valid()
        form.add_error(None, "Too many sign-ups from your address: try again in an hour.")
        return render(request, "accounts/sign_up.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            learner = form.save()
        except ValidationError:
            pass
        else:
            login(request, learner, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, f"Welcome to Exhale, {learner.username}! Set up your profile."
            )
            return redirect("accounts:profile")
    return render(request, "accounts/sign_up.html", {"form": form})


class SignInView(auth_views.LoginView):
    """Django's sign-in, paused for an address that failed too many sign-ins across accounts
    (django-axes already pauses each account-and-address pair)."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if throttles.sign_in_paused(request):
            return render(request, "accounts/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except ValidationError:
            pass
        else:
            messages.success(request, "Profile saved.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = services.api_token_create(
                learner=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            form = ApiTokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@login_required
@require_POST
def api_token_revoke(request, token_id: int):
    if not services.api_token_revoke(learner=request.user, token_id=token_id):
        raise Http404("No such token.")
    messages.success(request, "Token revoked: scripts using it can no longer sign in.")
    return redirect("accounts:api_tokens")
