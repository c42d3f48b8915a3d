"""Public pages of the statements app (Arabic at /, English under /en/)."""

from django.urls import path

from . import data, downloads, views

app_name = "statements"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_page, name="search"),
    path("statements/", views.statement_list, name="list"),
    path("statements/<int:pk>/", views.statement_detail, name="detail"),
    path(
        "statements/<int:pk>/cite.<str:fmt>", downloads.statement_citation, name="cite"
    ),
    path("statements/<int:pk>/pdf", downloads.statement_pdf, name="pdf"),
    path("statements/<int:pk>/<str:slug>/", views.statement_detail, name="detail_slug"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/<int:pk>/", views.actor_detail, name="actor"),
    path("places/<int:pk>/", views.place_detail, name="place"),
    path("tags/<int:pk>/", views.tag_detail, name="tag"),
    path("archive/<int:year>/", views.archive_period, name="year"),
    path("archive/<int:year>/<int:month>/", views.archive_period, name="month"),
    path("data/", data.data_index, name="data"),
    path("data/<str:name>", data.data_file, name="data_file"),
]
