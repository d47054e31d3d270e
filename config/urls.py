from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import views
from config.api_root import ApiRoot

api_patterns = [
    path("", ApiRoot.as_view(), name="root"),
    path("", include("accounts.api_urls")),
    path("", include("curriculum.api_urls")),
    path("", include("journal.api_urls")),
    path("", include("projects.api_urls")),
    path("", include("training_jobs.api_urls")),
    path("", include("portfolio.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("roadmaps/", include("curriculum.urls")),
    path("today/", include("journal.urls")),
    path("projects/", include("projects.urls")),
    path("jobs/", include("training_jobs.urls")),
    path("", include("portfolio.urls")),
    path("api/", include((api_patterns, "api"))),
    path("mlflow/", include("tracking.urls_mlflow", namespace="mlflow")),
    path("runs/", include("tracking.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "config.views.page_not_found"
handler403 = "config.views.permission_denied"
handler500 = "config.views.server_error"

if settings.DEBUG:
    from django.views.static import serve

    # Only static vendor files are public; media goes through access-checked views.
    urlpatterns += [path("__static__/<path:path>", serve, {"document_root": settings.STATIC_ROOT})]
