"""HTML pages: thin views over the Statement QuerySets."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from .highlight import QueryTerms, marked_paragraphs
from .models import Statement
from .search import matched_terms


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
    context = {
        "statement": statement,
        "paragraphs": marked_paragraphs(statement.body, searched_terms(request)),
        "q": request.GET.get("q", ""),
    }
    return render(request, "statements/statement_detail.html", context)


def searched_terms(request) -> QueryTerms:
    """The words to mark when the reader comes from a search (``?q=`` on the link)."""
    q = request.GET.get("q", "")
    return matched_terms(q) if q.strip() else QueryTerms()
