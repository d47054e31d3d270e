"""The run form, drawn from a recipe's parameter spec. Its fields are text so that the
recipe's own validation (projects.recipes.validate_params, shared with the API and the CLI)
writes every message."""

from __future__ import annotations

from django import forms

from projects.recipes import Recipe

QUICK_SAMPLE = 0.05


class RunForm(forms.Form):
    quick = forms.BooleanField(
        required=False,
        label="Quick run on 5% of the data",
        help_text="Iterate on a small sample first, then run the full data.",
    )

    def __init__(self, *args, recipe: Recipe, items=(), uploads=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.recipe = recipe
        for param in recipe.params:
            self.fields[param.name] = forms.CharField(
                label=param.label,
                required=False,
                initial=param.default,
                help_text=f"{param.help} Default {param.default}; {param.bounds_text()}.",
                widget=forms.NumberInput(attrs={"step": param.step}),
            )
        uploads = list(uploads)
        if len(recipe.datasets) > 1 or uploads:
            bundled = [(d.slug, d.title) for d in recipe.datasets]
            own = [(u.slug, f"Your data set: {u.name}") for u in uploads]
            self.fields["dataset"] = forms.ChoiceField(
                label="Data set",
                choices=bundled + own,
                help_text="A bundled data set, or one of your own that fits this project.",
            )
        items = list(items)
        if items:
            self.fields["item"] = forms.TypedChoiceField(
                label="Roadmap milestone",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "— none —")] + [(i.pk, i.title) for i in items],
            )

    def run_params(self) -> dict:
        return {p.name: self.cleaned_data.get(p.name) for p in self.recipe.params}

    def sample(self) -> float | None:
        return QUICK_SAMPLE if self.cleaned_data.get("quick") else None


class DatasetUploadForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="What is in it, in a few words.")
    kind = forms.ChoiceField(
        label="What it is",
        choices=[],
        help_text="A zip with one folder of images per class, or a CSV table.",
    )
    file = forms.FileField(
        label="Zip or CSV file",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.csv,text/csv,application/zip"}),
    )

    def __init__(self, *args, **kwargs):
        from projects.models import DatasetKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DatasetKind.choices


class DatasetColumnsForm(forms.Form):
    """One select per column role of the data set's kind (target; text and label; user, item
    and rating), drawn from the columns its preview found."""

    def __init__(self, *args, dataset, **kwargs):
        from projects.models import ROLE_LABELS

        super().__init__(*args, **kwargs)
        columns = dataset.preview.get("columns", [])
        for role in dataset.roles:
            self.fields[role] = forms.ChoiceField(
                label=ROLE_LABELS[role],
                choices=[("", "— choose —")] + [(c, c) for c in columns],
                initial=dataset.columns.get(role, ""),
                required=False,
            )
