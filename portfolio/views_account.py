"""Pages of "your data is yours": export, import and deletion of a whole account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from portfolio import services
from portfolio.forms import AccountDeleteForm, AccountImportForm


@login_required
@require_http_methods(["GET"])
def your_data(request):
    return render(request, "portfolio/your_data.html", {"delete_form": AccountDeleteForm()})


@login_required
@require_POST
def account_export(request):
    data = services.account_export(learner=request.user)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="exhale-{request.user.username}-{stamp}.zip"'
    )
    return response


@login_required
@require_POST
def account_delete(request):
    form = AccountDeleteForm(request.POST)
    if form.is_valid():
        try:
            services.account_delete(
                learner=request.user, confirm_username=form.cleaned_data["confirm_username"]
            )
        except ValidationError as exc:
            form.add_error("confirm_username", exc.messages)
        else:
            logout(request)
            messages.success(request, "Your account and everything in it were deleted.")
            return redirect("home")
    return render(request, "portfolio/your_data.html", {"delete_form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def account_import(request):
    """Fill your own account from an export made on another Exhale."""
    form = AccountImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.account_import(
                learner=request.user,
                upload=form.cleaned_data["archive"],
                take_username=form.cleaned_data["take_username"],
            )
        except ValidationError as exc:
            username_errors = getattr(exc, "error_dict", {}).get("username")
            if username_errors and form.cleaned_data["take_username"]:
                form.add_error("take_username", [m for e in username_errors for m in e.messages])
            else:
                form.add_error("archive", exc.messages)
        else:
            form = AccountImportForm()
    status = 400 if form.errors else 200
    return render(
        request, "portfolio/account_import.html", {"form": form, "report": report}, status=status
    )
