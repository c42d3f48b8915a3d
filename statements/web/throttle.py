"""A per-client rate limit on the costly public addresses: search, API, PDFs,
originals, feeds, OAI-PMH and the /data/ files.

Each address belongs to a group (``GROUPS``, matched on the path, with or
without the /en/ prefix); each group has a rate in ``ARCHIVE_RATE_LIMITS``
(``{"search": "60/m", …}``: a count per second, minute, hour or day, or per
"5m"…). A client past its group's rate gets 429 with ``Retry-After`` until
the current window ends: ``{"error": …}`` from the API (in English, as
its other errors, and declared on every operation of its OpenAPI document:
``web.api.errors.document_refusals``), 503 with
``Retry-After`` from ``/oai`` (what OAI-PMH harvesters understand as "come
back later"), and a page in the site's layout elsewhere.
``ARCHIVE_RATE_LIMITS_ENABLED = False`` turns it off. The client is the
connection's address, or, behind ``ARCHIVE_TRUSTED_PROXY`` trusted reverse
proxies, the address the outermost of them saw (``client_address``); an IPv6
client counts by its /64, which one household or server usually holds whole.

Why a middleware of our own rather than django-ratelimit: that library
decorates views (ninja's operations, feeds and OAI would each need one),
and its system check refuses (``E003``) the file and database caches,
the only caches shared by gunicorn's workers on a node without memcached or
Redis. The counter here is the same fixed window django-ratelimit keeps
(``cache.add`` then ``cache.incr``); on a file cache the increment is not
atomic, so clients racing in one window may be under-counted by a few
requests, which a flood limit can afford.
"""

import hashlib
import ipaddress
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from archive.client_address import client_address

# (group, path pattern); the first that matches names the request's group.
LANGUAGE = r"^/(?:en/)?"
GROUPS = [
    ("api", re.compile(r"^/api/v1/")),
    ("oai", re.compile(r"^/oai$")),
    ("feed", re.compile(LANGUAGE + r".*\.(?:atom|rss)$")),
    ("search", re.compile(LANGUAGE + r"search/$")),
    ("pdf", re.compile(LANGUAGE + r"statements/\d+/pdf$")),
    ("original", re.compile(LANGUAGE + r"statements/\d+/original$")),
    ("data", re.compile(LANGUAGE + r"data/.+")),
]
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Rate:
    """``count`` requests every ``period`` seconds."""

    count: int
    period: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """``"60/m"`` → 60 a minute; ``"100/5m"`` → 100 every five minutes.

        >>> Rate.parse("100/5m")
        Rate(count=100, period=300)
        """
        match = RATE.match(text.strip())
        if not match:
            raise ImproperlyConfigured(
                f"ARCHIVE_RATE_LIMITS: {text!r} is not a rate; write a count, "
                "a slash and a period: '60/m', '1000/h', '100/5m' (s, m, h or d)"
            )
        count, times, unit = match.groups()
        return cls(int(count), int(times or 1) * PERIODS[unit])


def request_group(path: str) -> str | None:
    """The rate-limited group of a path, None for the addresses not limited."""
    return next((name for name, pattern in GROUPS if pattern.match(path)), None)


def client_key(request) -> str:
    """Whom a request is counted against: its client's address
    (``archive.client_address``, which reads a trusted proxy's header)."""
    return counted_as(client_address(request))


def counted_as(address: str) -> str:
    """An IPv6 address counts by its /64; others as they are."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        # Not an address (a proxy's header gone wrong): counted, by a digest
        # that any cache accepts as a key.
        return "other-" + hashlib.sha256(address.encode()).hexdigest()[:16]
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:  # ::ffff:192.0.2.1 is 192.0.2.1
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))


def seconds_left(group: str, client: str, rate: Rate, now: float) -> int:
    """Count this request in its window; the seconds until the window ends when
    the client is past the rate, else 0."""
    cache = caches[getattr(settings, "ARCHIVE_RATE_LIMIT_CACHE", "default")]
    window = int(now // rate.period)
    key = f"throttle:{group}:{client}:{window}"
    cache.add(key, 0, timeout=rate.period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired or culled between the two calls
        cache.set(key, 1, timeout=rate.period + 1)
        count = 1
    if count <= rate.count:
        return 0
    return max(1, math.ceil((window + 1) * rate.period - now))


def group_rate(group: str) -> Rate | None:
    if not getattr(settings, "ARCHIVE_RATE_LIMITS_ENABLED", False):
        return None
    text = getattr(settings, "ARCHIVE_RATE_LIMITS", {}).get(group)
    return Rate.parse(text) if text else None


def too_many(request, group: str, rate: Rate, retry_after: int) -> HttpResponse:
    """The answer to a client past its rate, in the form its group speaks."""
    # The API's errors are in English whatever the client's language.
    language = "en" if group == "api" else translation.get_language()
    with translation.override(language):
        message = _(
            "Too many requests from your address: at most %(count)d every "
            "%(period)d seconds here. Try again in %(seconds)d seconds."
        ) % {"count": rate.count, "period": rate.period, "seconds": retry_after}
    if group == "api":
        response = JsonResponse({"error": message, "fields": {}}, status=429)
    elif group == "oai":
        response = HttpResponse(message, status=503, content_type="text/plain")
    else:
        context = {"message": message, "seconds": retry_after}
        response = render(request, "too_many_requests.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


class RateLimitMiddleware:
    """Answer a client past its group's rate before the view runs (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        group = request_group(request.path_info)
        rate = group_rate(group) if group else None
        if rate is not None:
            client = client_key(request)
            retry_after = seconds_left(group, client, rate, time.time())
            if retry_after:
                return too_many(request, group, rate, retry_after)
        return self.get_response(request)
