"""The archive's URLs: the public site (Arabic at /, English at /en/) and the admin."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from statements.web import health, sitemaps
from statements.web.api import api
from statements.web.oai import endpoint as oai_endpoint

# The API is outside the language prefixes: its URL does not change with the
# interface language.
urlpatterns = [
    path("api/v1/", api.urls),
    # OAI-PMH's base URL, the same in every language (statements/web/oai.py).
    path("oai", oai_endpoint, name="oai"),
    # Crawlers look for these at the root, in no language.
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"
    ),
    # For load balancers: a path that never moves with the interface language.
    path("healthz", health.healthz, name="healthz"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("statements.web.urls")),
    prefix_default_language=False,
)
