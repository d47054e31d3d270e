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


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ("title", "kind", "planned_weeks")


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ("title", "url", "kind", "estimated_hours", "project_slug", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ImportForm(forms.Form):
    file = forms.FileField(required=False, help_text="A Markdown (.md) or JSON (.json) file.")
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="…or paste it here",
        max_length=MAX_FILE_BYTES,
    )
    base_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Where the file lives (optional)",
        help_text="Its web address, e.g. on GitHub, so relative links keep working.",
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / 1_000_000:.1f} MB; Exhale imports roadmaps up to "
                f"{MAX_FILE_BYTES / 1_000_000:.0f} MB."
            )
        if upload is None and not data.get("text", "").strip():
            raise forms.ValidationError("Choose a file or paste a roadmap.")
        return data
