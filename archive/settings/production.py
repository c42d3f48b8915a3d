"""Settings for a public deployment: debug off, a real secret key required."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if DEBUG is False and not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "Set the SECRET_KEY environment variable to a long random string "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True

STATIC_ROOT = DATA_DIR / "staticfiles"  # noqa: F405
# Fingerprinted, compressed static files (run ``manage.py collectstatic``):
# WhiteNoise serves them with a year's caching, since a change renames them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    "originals": ORIGINALS_STORAGE,  # noqa: F405
}
