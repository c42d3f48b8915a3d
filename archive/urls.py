"""The archive's URLs: the public site (Arabic at /, English at /en/) and the admin."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from statements.web.api import search_api
from statements.web.oai import endpoint as oai_endpoint

# The API is outside the language prefixes: its URL does not change with the
# interface language.
urlpatterns = [
    path("api/v1/search", search_api, name="api_search"),
    # OAI-PMH's base URL, the same in every language (statements/web/oai.py).
    path("oai", oai_endpoint, name="oai"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("statements.web.urls")),
    prefix_default_language=False,
)
