"""Public pages of the statements app."""

from django.urls import path

from . import views

app_name = "statements"

urlpatterns = [
    path("", views.statement_list, name="list"),
    path("statements/<int:pk>/", views.statement_detail, name="detail"),
    path("statements/<int:pk>/<str:slug>/", views.statement_detail, name="detail_slug"),
]
