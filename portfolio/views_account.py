"""Pages of "your data is yours": export, import and deletion of a whole account."""

from django.contrib import messages
from django.contrib.auth import login, logout
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


@require_http_methods(["GET", "POST"])
def account_import(request):
    """Restore an export on this instance: for a signed-out visitor setting up a fresh one."""
    if request.user.is_authenticated:
        messages.info(request, "Log out first: an import creates its own account.")
        return redirect("portfolio:your_data")
    form = AccountImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.account_import(
                data=form.cleaned_data["archive"].read(),
                password=form.cleaned_data["password"] or None,
            )
        except ValidationError as exc:
            form.add_error("archive", exc.messages)
        else:
            login(request, report.learner, backend="django.contrib.auth.backends.ModelBackend")
            restored = sum(report.counts.values())
            messages.success(request, f"Welcome back: {restored} records restored.")
            for warning in report.warnings:
                messages.warning(request, warning)
            return redirect("home")
    return render(request, "portfolio/account_import.html", {"form": form})
