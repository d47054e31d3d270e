from django import forms

from curriculum.importing.outline import MAX_FILE_BYTES
from curriculum.models import Item, Roadmap, Stage


class RoadmapForm(forms.ModelForm):
    class Meta:
        model = Roadmap
        fields = ("title", "description", "visibility", "started_on", "target_end")
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "target_end": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


HOURS = "Hours are a number from 0 to 10,000, with at most two decimals, e.g. 12.5."
WEEKS = "Plan a whole number of weeks, from 1 to 520."


def _worded(messages: str, *codes: str) -> dict:
    return {code: messages for code in codes}


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ("title", "kind", "planned_weeks")
        error_messages = {
            "title": {"required": "Give the stage a title, e.g. “Python for data work”."},
            "planned_weeks": _worded(WEEKS, "invalid", "max_value", "min_value"),
        }


class ItemForm(forms.ModelForm):
    """Messages a learner understands, never "no more than 7 digits in total"."""

    class Meta:
        model = Item
        fields = ("title", "url", "kind", "estimated_hours", "project_slug", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "title": {"required": "Give the item a title, e.g. “fast.ai lesson 1”."},
            "url": {"invalid": "Enter a valid URL: a full web address starting with https://."},
            "estimated_hours": _worded(
                HOURS,
                "invalid",
                "max_value",
                "min_value",
                "max_digits",
                "max_decimal_places",
                "max_whole_digits",
            ),
        }


class ImportForm(forms.Form):
    """Upload, paste or link a curriculum. The first post previews it (nothing is saved);
    action=confirm creates the roadmap from the text the preview showed."""

    file = forms.FileField(required=False, help_text="A Markdown (.md) or JSON (.json) file.")
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="…or paste it here",
        max_length=MAX_FILE_BYTES,
        strip=False,
    )
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=2000,
        label="…or give its address",
        help_text="A Markdown file on the web: a GitHub file page, its raw address, or a "
        "repository (we take its README).",
    )
    base_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Where the file lives (optional)",
        help_text="Its web address, e.g. on GitHub, so relative links keep working.",
    )
    filename = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        required=False,
        choices=[("preview", "Preview"), ("confirm", "Create")],
        widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and upload.size > MAX_FILE_BYTES:
            self.add_error(
                "file",
                f"This file is {upload.size / 1_000_000:.1f} MB; Exhale imports roadmaps up to "
                f"{MAX_FILE_BYTES / 1_000_000:.0f} MB.",
            )
        given = [upload is not None, bool(data.get("text", "").strip()), bool(data.get("url"))]
        if not any(given) and not self.errors:
            raise forms.ValidationError("Choose a file, paste a roadmap or give its address.")
        if sum(given) > 1:
            raise forms.ValidationError(
                "Give one of these: a file, pasted text or an address, not several."
            )
        return data

    def source_field(self) -> str:
        """The field the learner's input came in, for errors to stand next to."""
        if self.cleaned_data.get("file") is not None:
            return "file"
        return "url" if self.cleaned_data.get("url") else "text"
