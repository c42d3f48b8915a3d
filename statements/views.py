"""HTML pages: thin views over the Statement QuerySets."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from .models import Statement


def statement_list(request):
    statements = Statement.objects.published().select_related("issuer", "type")
    page = Paginator(statements, 25).get_page(request.GET.get("page"))
    return render(request, "statements/statement_list.html", {"page": page})


def statement_detail(request, pk: int, slug: str = ""):
    statement = get_object_or_404(
        Statement.objects.published().select_related("issuer", "type"), pk=pk
    )
    if slug and slug != statement.slug:
        # An old or mistyped slug still finds the statement, at its one canonical URL.
        return redirect(statement, permanent=True)
    return render(request, "statements/statement_detail.html", {"statement": statement})
