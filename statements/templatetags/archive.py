"""Template helpers: links that keep the page's state, text direction, languages.

{% load archive %}
<a href="{% query_with page=2 %}">…</a>          keeps q, filters and sort
<a href="{% query_without 'issuer' '12' %}">…</a>  removes one filter value
<div lang="{{ s.language }}" dir="{{ s.language|text_dir }}">
<span class="issuer">{{ s.issuer|isolate }}</span>   a name from outside, in <bdi>
{% if s.source_url|web_url %}<a href="{{ s.source_url }}">…</a>{% endif %}
"""

import re

from django import template
from django.urls import translate_url
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..arabic.languages import language_name, right_to_left
from ..formats import Outside

register = template.Library()


@register.filter
def text_dir(language: str) -> str:
    """``rtl`` for a right-to-left language code (``ar``, ``fa-IR``…), else ``ltr``."""
    return "rtl" if right_to_left(language) else "ltr"


# Runs that must read left to right whatever surrounds them: URLs and ISO dates.
# Inside Arabic text the bidi algorithm turns 2020-05-03 into 03-05-2020.
LTR_RUN = re.compile(r"https?://\S+?(?=[.,،;؛)]?(?:\s|$))|\d{4}-\d{2}(?:-\d{2})?")


@register.filter
def isolate_ltr(text: str) -> SafeString:
    """``text`` escaped, its URLs and ISO dates each in ``<bdi dir="ltr">``."""
    out, position = [], 0
    for match in LTR_RUN.finditer(text):
        out += [escape(text[position : match.start()]), '<bdi dir="ltr">']
        out += [escape(match.group()), "</bdi>"]
        position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


@register.filter
def isolate(value) -> SafeString:
    """``value`` (text from outside: a name, a title, a tag) escaped, in ``<bdi>``.

    Shown exactly as published, bidi controls included; ``<bdi>`` gives it
    the direction of its own first letter and ends what its controls do
    where it ends. Without it, a right-to-left override (U+202E) left open
    in an issuer's name would run on to the end of the line and print the
    date after it backwards. Safe HTML (a title with its search marks) is
    kept as HTML.
    """
    if value is None or value == "":
        return mark_safe("")
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def citation_html(pieces: list[str]) -> SafeString:
    """A citation's pieces (``formats.citation_pieces``) as HTML: each from
    outside (``Outside``) in ``<bdi>``, URLs and ISO dates in ``<bdi dir="ltr">``."""
    return mark_safe(
        "".join(
            f"<bdi>{isolate_ltr(piece)}</bdi>"
            if isinstance(piece, Outside)
            else isolate_ltr(piece)
            for piece in pieces
            if piece
        )
    )


register.filter(language_name)

WEB_SCHEMES = ("http://", "https://")


@register.filter
def web_url(url: str) -> bool:
    """Whether ``url`` may be a link: http(s) only. The importer and the admin
    refuse other schemes, but a row written before those rules, or by hand,
    could hold ``javascript:``, which would run in the reader's page."""
    return url.strip().lower().startswith(WEB_SCHEMES)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with ``changes`` (None removes a parameter).

    Any change but the page's own number goes back to the first page.
    """
    params = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for name, value in changes.items():
        if value is None or value == "":
            params.pop(name, None)
        else:
            params[name] = str(value)
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def query_without(context, name: str, value: str = "") -> str:
    """The current query string without one value of ``name`` (all when no value)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    kept = [v for v in params.getlist(name) if value and v != str(value)]
    params.setlist(name, kept)
    return "?" + params.urlencode()


# The other interface language, named in itself, for the switch in the header.
SWITCH = {"ar": ("en", "English"), "en": ("ar", "العربية")}


@register.simple_tag(takes_context=True)
def other_language(context) -> dict[str, str]:
    """The other interface language: its code, its name, and this page's URL in
    it, query kept (the home page when there is no request, as on a 500)."""
    code, name = SWITCH.get(get_language(), SWITCH["ar"])
    request = context.get("request")
    if request is None:
        url = "/" if code == "ar" else f"/{code}/"
    else:
        url = translate_url(request.get_full_path(), code)
    return {"code": code, "name": name, "url": url}
