"""Sessions in and out as CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.text import count_of
from journal import csv_io, selectors, services
from journal.forms import CsvImportForm, add_service_errors

# --- CSV -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def csv_import(request):
    learner = request.user
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        zone = selectors.learner_zone(learner)
        skipped = 0
        try:
            if upload.size > csv_io.MAX_UPLOAD_BYTES:
                raise ValidationError(
                    {"file": f"That file is over {csv_io.MAX_UPLOAD_BYTES // 1024 // 1024} MB."}
                )
            text = csv_io.decode_upload(upload.read(csv_io.MAX_UPLOAD_BYTES + 1))
            if form.cleaned_data["format"] == "exhale":
                rows = csv_io.parse_exhale_csv(text, zone)
            else:
                rows, skipped = csv_io.parse_tracker_csv(
                    text,
                    zone,
                    date_column=form.cleaned_data["date_column"],
                    time_column=form.cleaned_data["time_column"],
                    duration_column=form.cleaned_data["duration_column"],
                    description_column=form.cleaned_data["description_column"],
                    kind=form.cleaned_data["kind"],
                )
            created, duplicates = services.sessions_import(learner=learner, rows=rows)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            note = f"Imported {count_of(created, 'session')}."
            if duplicates:
                note += f" {count_of(duplicates, 'session')} already logged skipped."
            if skipped:
                note += f" {count_of(skipped, 'entry')} under a minute left out."
            messages.success(request, note)
            return redirect("journal:session_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "journal/import.html", {"form": form}, status=status)


@login_required
@require_GET
def csv_export(request):
    learner = request.user
    sessions = selectors.sessions_of(learner).order_by("started_at", "id").iterator(2000)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = StreamingHttpResponse(
        csv_io.sessions_to_csv(sessions, selectors.learner_zone(learner)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="exhale-sessions-{stamp}.csv"'
    return response
