"""The page a locked-out login gets (django-axes' ``AXES_LOCKOUT_CALLABLE``).

Axes counts failed logins to the admin by user name and by address
(settings: ``AXES_*``) and, past the limit, answers every login attempt with
this page until the cool-off has passed: it says that logins are locked and
until when, in the admin's layout and language (Arabic at /admin/, English
at /en/admin/), with ``Retry-After``. Each refusal is logged on
``statements.security``, with the user name and the address.

Axes' own page is a bare sentence without the time; ours gives the time the
lock ends, which is exact: every attempt during a lock-out starts its
cool-off again (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``), so the
lock ends one cool-off after this very attempt.
"""

from axes.helpers import get_client_username, get_cool_off
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.client_address import client_address

from .refusals import security_log

TEMPLATE = "admin/lockout.html"
STATUS = 429  # Too Many Requests


def lockout_response(request, original_response=None, credentials=None):
    """Axes' lock-out answer: the page, with the time the lock ends."""
    cool_off = get_cool_off(request)
    until = timezone.now() + cool_off
    username = get_client_username(request, credentials) or ""
    security_log.warning(
        "login locked out: user name %r from address %s, until %s",
        username,
        client_address(request),
        until.isoformat(timespec="seconds"),
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Login locked"),
        "until": until,
        "minutes": round(cool_off.total_seconds() / 60),
    }
    response = render(request, TEMPLATE, context, status=STATUS)
    response["Retry-After"] = str(round(cool_off.total_seconds()))
    return response
