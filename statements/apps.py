"""App configuration for the statements app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = _("Statements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: an app's modules may use models only once apps are ready.
        from django.db.models.signals import post_save

        from .curation.duplicates import text_saved
        from .curation.words import words_saved
        from .models import Statement
        from .search.compatibility import check_engine

        # Stop now, with what to install, rather than fail in the first search.
        check_engine()
        # Signals the app needs in every process. (The search index's are
        # connected by haystack: HAYSTACK_SIGNAL_PROCESSOR.)
        post_save.connect(text_saved, sender=Statement, dispatch_uid="signatures")
        post_save.connect(words_saved, sender=Statement, dispatch_uid="words")
