"""Forms of the journal pages. They only shape input: every rule is checked by the service
they hand it to, and the service's ValidationError is shown next to the field."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError

from curriculum.models import Visibility
from journal.csv_io import MAX_UPLOAD_BYTES, TOGGL_COLUMNS
from journal.kinds import Kind
from journal.models import MAX_MINUTES, MIN_MINUTES, NOTE_MAX_CHARS

VISIBILITY_HELP = "Private entries are yours alone; public ones appear on your portfolio."


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the matching field, or above the form."""
    if hasattr(exc, "error_dict"):
        aliases = getattr(form, "field_aliases", {})
        for field, errors in exc.message_dict.items():
            field = aliases.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def item_label(item) -> str:
    return f"{item.title} (done)" if item.status == "done" else item.title


def item_choices(items) -> list:
    """Flat items, or (group label, items) pairs as journal.selectors.item_picker gives them."""
    choices: list = [("", "— no item —")]
    for entry in items:
        if isinstance(entry, tuple):
            label, members = entry
            choices.append((label, [(str(item.pk), item_label(item)) for item in members]))
        else:
            choices.append((str(entry.pk), item_label(entry)))
    return choices


class LearnerForm(forms.Form):
    """A form whose kind and item choices are the learner's own labels and items."""

    def __init__(self, *args, kinds=None, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].choices = kinds or Kind.choices
        if "item" in self.fields:
            self.fields["item"].choices = item_choices(items)

    def cleaned_item(self) -> int | None:
        value = self.cleaned_data.get("item")
        return int(value) if value else None


minutes_field = forms.IntegerField  # the service checks the range and words the message


class SessionLogForm(LearnerForm):
    minutes = minutes_field(
        initial=45, widget=forms.NumberInput(attrs={"min": MIN_MINUTES, "max": MAX_MINUTES})
    )
    kind = forms.ChoiceField(initial=Kind.CODING)
    item = forms.ChoiceField(required=False, label="Roadmap item")
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_CHARS,
        widget=forms.TextInput(attrs={"placeholder": "What did you do? (Markdown)"}),
    )
    day = forms.DateField(
        required=False,
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty for today.",
    )
    at = forms.TimeField(
        required=False,
        label="Started at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Empty: it just ended (noon on an earlier day).",
    )

    # The service words its start-time errors for `started_at`; show them under the day.
    field_aliases = {"started_at": "day"}

    def started_at(self, zone: ZoneInfo, today: date) -> datetime | None:
        """The learner's day and time read in their zone; None means 'it just ended'."""
        day, at = self.cleaned_data.get("day"), self.cleaned_data.get("at")
        if at is None and (day is None or day == today):
            return None
        return datetime.combine(day or today, at or time(12), tzinfo=zone)

    def earlier(self) -> bool:
        """Whether the 'earlier day or time' part should start open."""
        return bool(self["day"].value() or self["at"].value() or self["day"].errors)


class SessionEditForm(LearnerForm):
    started_at = forms.DateTimeField(
        label="Started at (your time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = minutes_field()
    kind = forms.ChoiceField()
    item = forms.ChoiceField(required=False, label="Roadmap item")
    note = forms.CharField(required=False, max_length=NOTE_MAX_CHARS, widget=forms.Textarea)
    visibility = forms.ChoiceField(choices=Visibility.choices, help_text=VISIBILITY_HELP)

    def __init__(self, *args, zone: ZoneInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_started_at(self) -> datetime:
        value = self.cleaned_data["started_at"]
        # The browser sends the learner's wall-clock time; read it in their zone.
        return value.replace(tzinfo=None).replace(tzinfo=self.zone)


class TimerStartForm(LearnerForm):
    kind = forms.ChoiceField(initial=Kind.CODING)
    item = forms.ChoiceField(required=False, label="Roadmap item")
    planned_minutes = minutes_field(initial=90, label="Planned minutes")


class TimerStopForm(forms.Form):
    minutes = forms.IntegerField(
        required=False,
        label="Real minutes",
        help_text="Leave empty to log the time the timer ran.",
    )
    note = forms.CharField(required=False, max_length=NOTE_MAX_CHARS)


class ReflectionForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    body = forms.CharField(
        label="Note (Markdown)", max_length=NOTE_MAX_CHARS, widget=forms.Textarea
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, help_text=VISIBILITY_HELP)


ON_TRACK_CHOICES = [("", "Not sure yet"), ("yes", "Yes"), ("no", "No")]


class WeeklyReviewForm(forms.Form):
    learned = forms.CharField(
        label="What did I learn?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    hardest = forms.CharField(
        label="What was hardest?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resources = forms.CharField(
        label="Which resources helped?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on_track = forms.ChoiceField(
        label="Am I getting the results I am after?", choices=ON_TRACK_CHOICES, required=False
    )
    results = forms.CharField(
        label="What do my results look like?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    changes = forms.CharField(
        label="If not, what will I change?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, help_text=VISIBILITY_HELP)

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        data["on_track"] = {"yes": True, "no": False}.get(data.get("on_track") or "")
        return data


class NotToDoForm(forms.Form):
    text = forms.CharField(
        label="I will not…",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "start a sixth course"}),
    )


class PauseForm(forms.Form):
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "flu, family holiday…"}),
    )


class KindLabelsForm(forms.Form):
    def __init__(self, *args, labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            side = "inhale" if kind.value in ("reading", "lecture", "course") else "exhale"
            self.fields[kind.value] = forms.CharField(
                label=f"{kind.label} ({side})",
                required=False,
                max_length=40,
                initial=labels.get(kind.value, kind.label),
            )


class CsvImportForm(forms.Form):
    FORMATS = [
        ("exhale", "Exhale's own CSV (as exported here)"),
        ("tracker", "A time tracker's export (Toggl and similar)"),
    ]
    file = forms.FileField(
        help_text=f"A CSV file of at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB."
    )
    format = forms.ChoiceField(choices=FORMATS, initial="exhale")
    date_column = forms.CharField(initial=TOGGL_COLUMNS["date"], label="Start date column")
    time_column = forms.CharField(
        initial=TOGGL_COLUMNS["time"], label="Start time column", required=False
    )
    duration_column = forms.CharField(
        initial=TOGGL_COLUMNS["duration"],
        label="Duration column",
        help_text="hh:mm:ss, or a number of minutes.",
    )
    description_column = forms.CharField(
        initial=TOGGL_COLUMNS["description"], label="Description column", required=False
    )
    kind = forms.ChoiceField(
        choices=Kind.choices, initial=Kind.CODING, label="Kind for the tracker's rows"
    )


def parse_iso_week(value: str) -> date:
    """'2025-W03' to the Monday of that ISO week."""
    try:
        year, week = value.upper().split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except (ValueError, TypeError):
        raise ValidationError("Give a week like 2025-W03.") from None
