from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import condition, require_GET, require_POST

from journal.selectors import learner_today
from portfolio import answers, selectors, services
from portfolio import sitemap as sitemap_pages
from portfolio.models import Follow
from portfolio.posts import public_post, public_posts

PAGE_CACHE_SECONDS = 24 * 3600


def _public_learner_or_404(username: str):
    learner = selectors.public_learner(username)
    if learner is None:
        raise Http404("No such portfolio.")
    return learner


def _is_preview(request, username: str) -> bool:
    """The owner looking at their page as a visitor would (also while it is hidden)."""
    return (
        request.GET.get("preview") == "visitor"
        and request.user.is_authenticated
        and request.user.username == username
    )


def _learner_for(request, username: str):
    """Looked up once per request, shared by the conditional-GET checks and the view."""
    if _is_preview(request, username):
        return request.user
    cached = getattr(request, "_portfolio_learner", None)
    if cached is None or cached.username != username:
        request._portfolio_learner = selectors.public_learner(username)
    return request._portfolio_learner


def page_etag(learner, viewer: object = 0) -> str:
    """A portfolio page's ETag (unquoted) for `learner` (a User or a selectors.Stamp) as seen
    by `viewer`. The local date is part of the tag: a streak can end without any write."""
    return (
        f"{learner.pk}-{learner.portfolio_changed_at.timestamp():.6f}"
        f"-{learner_today(learner)}-{viewer}"
    )


def page_key(etag: str) -> str:
    return f"portfolio-page:{etag}"


PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"


def _etag(request, username: str, **kwargs) -> str | None:
    learner = _learner_for(request, username)
    if learner is None:
        return None
    viewer = request.user.pk if request.user.is_authenticated else 0
    if _is_preview(request, username):
        viewer = f"preview-{viewer}"
    return page_etag(learner, viewer)


def _last_modified(request, username: str, **kwargs):
    learner = _learner_for(request, username)
    return learner.portfolio_changed_at if learner else None


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /account/",
        "Disallow: /api/",
        "Disallow: /admin/",
        "Disallow: /today/",
        "Disallow: /jobs/",
        "Allow: /u/",
        f"Sitemap: {request.build_absolute_uri(reverse('portfolio:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _learner_page(request, username: str):
    learner = _learner_for(request, username)
    if learner is None:
        raise Http404("No such portfolio.")
    key = page_key(_etag(request, username))
    anonymous = not request.user.is_authenticated
    preview = _is_preview(request, username)
    html = answers.get(key) if anonymous else None
    if html is None:
        as_visitor = anonymous or preview
        context = {
            "learner": learner,
            "headline": selectors.headline(learner),
            "posts": public_posts(learner, limit=10),
            "sections": selectors.portfolio_sections(learner),
            "preview": preview,
            "is_owner": request.user == learner and not preview,
            "follows": (
                not as_visitor
                and Follow.objects.filter(follower=request.user, followed=learner).exists()
            ),
        }
        # Kept encoded: a hit then hands the bytes over as they are.
        html = render_to_string("portfolio/learner.html", context, request=request).encode()
        if anonymous:
            answers.put(key, html, PAGE_CACHE_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL if anonymous else "private"
    response["Last-Modified"] = http_date(learner.portfolio_changed_at.timestamp())
    return response


@require_GET
@condition(etag_func=_etag, last_modified_func=_last_modified)
def learner_page(request, username: str):
    return _learner_page(request, username)


@require_GET
def post_page(request, username: str, slug: str):
    learner = _public_learner_or_404(username)
    post = public_post(learner, slug)
    if post is None:
        raise Http404("No such post.")
    return render(request, "portfolio/post.html", {"learner": learner, "post": post})


@require_GET
def run_page(request, username: str, run_id: int):
    from training_jobs.models import TrainingJob
    from training_jobs.pages import job_page_context

    learner = _public_learner_or_404(username)
    job = (
        TrainingJob.objects.public()
        .filter(owner=learner, pk=run_id)
        .select_related("owner", "item")
        .first()
    )
    if job is None:
        raise Http404("No such published run.")
    context = job_page_context(job, viewer=request.user)
    context["portfolio_learner"] = learner
    return render(request, "training_jobs/detail.html", context)


def _xml(root: str, entry: str, locations) -> HttpResponse:
    """A urlset or sitemap index; built as a string (a template per address is slow at
    50,000 addresses)."""
    body = "".join(f"\n  <{entry}><loc>{escape(loc)}</loc></{entry}>" for loc in locations)
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}\n</{root}>\n',
        content_type="application/xml",
    )


@require_GET
def sitemap(request):
    """Every public address in one urlset, or past one page's worth a sitemap index."""
    site = request.build_absolute_uri("/")[:-1]
    total, pages = sitemap_pages.outline()
    if total <= sitemap_pages.page_size():
        return _xml("urlset", "url", (site + path for path in sitemap_pages.every_address()))
    return _xml(
        "sitemapindex",
        "sitemap",
        (site + path for path in sitemap_pages.index_addresses(pages)),
    )


@require_GET
def sitemap_page(request, section: str, number: int):
    paths = sitemap_pages.page_addresses(section, number)
    if paths is None:
        raise Http404("No such sitemap page.")
    site = request.build_absolute_uri("/")[:-1]
    return _xml("urlset", "url", (site + path for path in paths))


@login_required
@require_POST
def follow(request, username: str):
    learner = _public_learner_or_404(username)
    try:
        services.follow_create(follower=request.user, followed=learner)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"You follow {learner.public_name}: their posts show on Today.")
    return redirect(reverse("portfolio:learner", args=[learner.username]))


@login_required
@require_POST
def unfollow(request, username: str):
    learner = _public_learner_or_404(username)
    services.follow_delete(follower=request.user, followed=learner)
    messages.success(request, f"You no longer follow {learner.public_name}.")
    return redirect(reverse("portfolio:learner", args=[learner.username]))


@require_GET
def discover(request):
    return render(
        request,
        "portfolio/discover.html",
        {"paths": selectors.paths_to_discover(), "posts": public_posts(limit=20)},
    )
