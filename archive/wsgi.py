"""WSGI entry point.

Production deployments set DJANGO_SETTINGS_MODULE=archive.settings.production.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings.dev")

application = get_wsgi_application()
