"""``manage.py search_statements QUERY``: the archive's search on the command line."""

import html
import json

from django.core.management.base import BaseCommand, CommandError

from statements.search import search
from statements.web.api import response_json
from statements.web.forms import SearchForm


def shape(text: str) -> str:
    """Arabic letters joined and in visual order, for terminals that cannot shape."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))


# The API's parameters that are options here (--date-from for date_from).
OPTIONS = ("issuer", "type", "tag", "place", "lang", "date_from", "date_to", "sort")


class Command(BaseCommand):
    help = "Search the archive like the site and the API do."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="+")
        parser.add_argument("--json", action="store_true", help="print the API's JSON")
        parser.add_argument(
            "--limit", type=int, default=10, help="results to show (≤100)"
        )
        parser.add_argument(
            "--shape", action="store_true", help="shape Arabic for the terminal"
        )
        for name in OPTIONS:
            parser.add_argument(f"--{name.replace('_', '-')}", default="")
        parser.add_argument(
            "--no-aliases", action="store_true", help="do not add aliases"
        )

    def handle(self, *args, **options):
        params = {name: options[name] for name in OPTIONS}
        params.update(q=" ".join(options["query"]), page_size=options["limit"])
        params["aliases"] = "0" if options["no_aliases"] else "1"
        form = SearchForm(params)
        if not form.is_valid():
            raise CommandError(
                "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items())
            )
        response = search(form.search_request())
        if options["json"]:
            data = response_json(response)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        show = shape if options["shape"] else str
        for notice in response.notices:
            self.stdout.write(self.style.WARNING(show(str(notice))))
        self.stdout.write(f"{response.count} statements")
        for hit in response.hits:
            statement = hit.statement
            date = statement.date_display or "—"
            self.stdout.write(f"\n{statement.pk}  {date}  {show(statement.title)}")
            for snippet in hit.snippets[:1]:
                marked = str(snippet).replace("<mark>", "[").replace("</mark>", "]")
                plain = html.unescape(marked)
                self.stdout.write(f"    {show(plain)}")
