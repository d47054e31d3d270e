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

    def __init__(self, *args, recipe: Recipe, items=(), **kwargs):
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
        if len(recipe.datasets) > 1:
            self.fields["dataset"] = forms.ChoiceField(
                choices=[(d.slug, d.title) for d in recipe.datasets]
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
