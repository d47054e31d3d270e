from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from curriculum.models import Item, ItemKind
from projects.forms import RunForm
from projects.recipes import all_recipes, get_recipe
from training_jobs.models import TrainingJob
from training_jobs.services import start_run


def _project_items(learner, recipe_slug: str):
    return (
        Item.objects.filter(stage__roadmap__owner=learner, kind=ItemKind.PROJECT)
        .filter(project_slug__in=["", recipe_slug])
        .order_by("stage__roadmap__title", "stage__position", "position")
    )


@login_required
@require_GET
def catalogue(request):
    recent = list(TrainingJob.objects.owned_by(request.user).order_by("-queued_at")[:5])
    return render(request, "projects/catalogue.html", {"recipes": all_recipes(), "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, slug: str):
    try:
        recipe = get_recipe(slug)
    except ValidationError:
        raise Http404("No such project") from None
    items = _project_items(request.user, recipe.slug)
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = int(request.GET["item"])
    form = RunForm(request.POST or None, recipe=recipe, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = None
        if form.cleaned_data.get("item"):
            item = items.filter(pk=form.cleaned_data["item"]).first()
        try:
            job = start_run(
                learner=request.user,
                recipe_slug=recipe.slug,
                params=form.run_params(),
                item=item,
                sample=form.sample(),
                dataset=form.cleaned_data.get("dataset"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("training_jobs:detail", job_id=job.pk)
    runs = TrainingJob.objects.owned_by(request.user).filter(recipe_slug=recipe.slug)[:10]
    return render(
        request,
        "projects/detail.html",
        {"recipe": recipe, "form": form, "runs": runs},
        status=400 if request.method == "POST" else 200,
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
