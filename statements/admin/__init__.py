"""The curators' admin, in Arabic at /admin/ and in English at /en/admin/.

``vocabulary`` registers actors, places, tags and statement types;
``statements`` the statements with their workflow (``workflow``), duplicate
check (``forms``) and file upload (``upload``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import statements, vocabulary  # noqa: F401  (they register the models)

admin.site.site_header = _("Conflict statements archive")
admin.site.site_title = _("Archive administration")
