"""Public pages of the statements app (Arabic at /, English under /en/)."""

from django.urls import path

from . import data, downloads, feeds, provenance, views
from .api.page import api_page

app_name = "statements"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("feed.atom", feeds.archive_atom, name="feed_atom"),
    path("feed.rss", feeds.archive_rss, name="feed_rss"),
    path("search/feed.atom", feeds.search_atom, name="search_atom"),
    path("search/feed.rss", feeds.search_rss, name="search_rss"),
    path("statements/", views.statement_list, name="list"),
    path("statements/<int:pk>/", views.statement_detail, name="detail"),
    path(
        "statements/<int:pk>/cite.<str:fmt>", downloads.statement_citation, name="cite"
    ),
    path("statements/<int:pk>/pdf", downloads.statement_pdf, name="pdf"),
    path(
        "statements/<int:pk>/original",
        provenance.statement_original,
        name="original",
    ),
    path("statements/<int:pk>/<str:slug>/", views.statement_detail, name="detail_slug"),
    path("api/", api_page, name="api"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/<int:pk>/", views.actor_detail, name="actor"),
    path("actors/<int:pk>/feed.atom", feeds.actor_atom, name="actor_atom"),
    path("actors/<int:pk>/feed.rss", feeds.actor_rss, name="actor_rss"),
    path("places/<int:pk>/", views.place_detail, name="place"),
    path("places/<int:pk>/feed.atom", feeds.place_atom, name="place_atom"),
    path("places/<int:pk>/feed.rss", feeds.place_rss, name="place_rss"),
    path("tags/<int:pk>/", views.tag_detail, name="tag"),
    path("tags/<int:pk>/feed.atom", feeds.tag_atom, name="tag_atom"),
    path("tags/<int:pk>/feed.rss", feeds.tag_rss, name="tag_rss"),
    path("archive/<int:year>/", views.archive_period, name="year"),
    path("archive/<int:year>/<int:month>/", views.archive_period, name="month"),
    path("data/", data.data_index, name="data"),
    path("data/<str:name>", data.data_file, name="data_file"),
]
