from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from curriculum.models import Item, ItemKind
from projects import services
from projects.forms import DatasetColumnsForm, DatasetUploadForm, RunForm
from projects.models import UploadedDataset
from projects.recipes import all_recipes, get_recipe
from projects.runs import runs as training_runs


def _project_items(learner, recipe_slug: str):
    return (
        Item.objects.owned_by(learner)
        .filter(kind=ItemKind.PROJECT)
        .filter(project_slug__in=["", recipe_slug])
        .order_by("stage__roadmap__title", "stage__position", "position")
    )


@login_required
@require_GET
def catalogue(request):
    recent = training_runs().recent(learner=request.user, limit=5)
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
    if request.GET.get("dataset"):
        initial["dataset"] = request.GET["dataset"]
    uploads = _uploads_for(request.user, recipe)
    form = RunForm(
        request.POST or None, recipe=recipe, items=items, uploads=uploads, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        item = None
        if form.cleaned_data.get("item"):
            item = items.filter(pk=form.cleaned_data["item"]).first()
        try:
            job = training_runs().start(
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
    recent = training_runs().recent(learner=request.user, recipe_slug=recipe.slug, limit=10)
    return render(
        request,
        "projects/detail.html",
        {"recipe": recipe, "form": form, "runs": recent, "uploads": uploads},
        status=400 if request.method == "POST" else 200,
    )


def _uploads_for(learner, recipe) -> list[UploadedDataset]:
    """The learner's data sets this recipe can train on (their columns chosen)."""
    kinds = {d.kind for d in recipe.datasets}
    found = UploadedDataset.objects.owned_by(learner).filter(kind__in=kinds)
    return [d for d in found if d.is_ready]


def recipes_for(dataset: UploadedDataset):
    return [r for r in all_recipes() if dataset.kind in {d.kind for d in r.datasets}]


def _own_dataset_or_404(request, dataset_id: int) -> UploadedDataset:
    return get_object_or_404(UploadedDataset.objects.owned_by(request.user), pk=dataset_id)


@login_required
@require_GET
def dataset_list(request):
    datasets = list(UploadedDataset.objects.owned_by(request.user))
    return render(request, "projects/dataset_list.html", {"datasets": datasets})


@login_required
@require_http_methods(["GET", "POST"])
def dataset_upload(request):
    form = DatasetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            dataset = services.dataset_upload(
                learner=request.user,
                name=form.cleaned_data["name"],
                upload=upload,
                filename=upload.name,
                size=upload.size,
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            _add_errors(form, exc, default_field="file")
        else:
            messages.success(request, f"“{dataset.name}” is uploaded and checked.")
            return redirect("projects:dataset_detail", dataset_id=dataset.pk)
    return render(
        request,
        "projects/dataset_upload.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dataset_detail(request, dataset_id: int):
    """The preview (classes and counts, or first rows and column types) and the column choice."""
    dataset = _own_dataset_or_404(request, dataset_id)
    form = DatasetColumnsForm(request.POST or None, dataset=dataset) if dataset.roles else None
    if request.method == "POST":
        if form is None:
            raise Http404("An image data set has no columns to choose.")
        if form.is_valid():
            try:
                services.dataset_columns_set(
                    learner=request.user, dataset_id=dataset.pk, columns=form.cleaned_data
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "Columns saved: pick a project to run on it.")
                return redirect("projects:dataset_detail", dataset_id=dataset.pk)
    return render(
        request,
        "projects/dataset_detail.html",
        {"dataset": dataset, "form": form, "recipes": recipes_for(dataset)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dataset_delete(request, dataset_id: int):
    dataset = _own_dataset_or_404(request, dataset_id)
    if request.method == "POST":
        services.dataset_delete(learner=request.user, dataset_id=dataset.pk)
        messages.success(request, f"“{dataset.name}” is deleted. Runs trained on it stay.")
        return redirect("projects:dataset_list")
    runs = dataset.training_jobs.count()
    return render(request, "projects/dataset_delete.html", {"dataset": dataset, "runs": runs})


def _add_errors(form, exc: ValidationError, default_field: str | None = None) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, exc.messages)
