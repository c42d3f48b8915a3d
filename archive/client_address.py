"""The address of the client behind a request, for lock-outs and logs.

Behind the reverse proxy of docs/deploy.md every request comes from the
proxy's own address, and the client's is in ``X-Forwarded-For``. That header
is only as honest as whoever set it: a client talking to the site directly
can write anything in it, and so escape a lock-out by address or pin one on
somebody else. So it is read only when ``ARCHIVE_TRUSTED_PROXY`` says that
every request comes through a proxy which sets it itself; otherwise the
address is the peer's (``REMOTE_ADDR``).

Of the header's addresses the right-most is taken: the one the proxy added
(nginx's ``$remote_addr``, or what ``$proxy_add_x_forwarded_for`` appends).
Those to its left were sent by the client and may be forged.

Our own function rather than django-ipware: it is a dozen lines, and the one
rule that matters here (trust the header only behind a proxy we run, and only
its last entry) is plainer to read than ipware's precedence settings.
"""

from ipaddress import ip_address

from django.conf import settings

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_address(request) -> str:
    """The client's IP address as a string ("" when there is none)."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    hops = int(getattr(settings, "ARCHIVE_TRUSTED_PROXY", 0) or 0)
    chain = [h.strip() for h in request.META.get(FORWARDED_FOR, "").split(",")]
    chain = [hop for hop in chain if hop]
    if hops <= 0 or not chain:
        return peer
    try:
        return str(ip_address(chain[-hops] if len(chain) >= hops else chain[0]))
    except ValueError:
        # No header, or not an address: a proxy that did not set it; the
        # peer is then the best we know.
        return peer
