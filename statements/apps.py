"""App configuration for the statements app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = _("Statements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: an app's modules may use models only once apps are ready.
        from django.db.models.signals import (
            m2m_changed,
            post_migrate,
            post_save,
            pre_save,
        )

        from .curation.duplicates import text_saved
        from .curation.history import baseline_before_relations, baseline_before_save
        from .curation.words import words_saved
        from .ingest.gazetteer import load_after_migrate
        from .ingest.receipts import entered_statement_saved
        from .models import RELATIONS, Statement
        from .search.compatibility import check_engine

        # Stop now, with what to install, rather than fail in the first search.
        check_engine()
        # Signals the app needs in every process. (The search index's are
        # connected by haystack: HAYSTACK_SIGNAL_PROCESSOR.)
        post_save.connect(text_saved, sender=Statement, dispatch_uid="signatures")
        post_save.connect(words_saved, sender=Statement, dispatch_uid="words")
        # Every new statement keeps its original (the importer's, inserted in
        # bulk, keep theirs in ingest.store).
        post_save.connect(
            entered_statement_saved, sender=Statement, dispatch_uid="original"
        )
        # Before the first change of a statement without history (an import's),
        # its stored version, whichever code changes it.
        pre_save.connect(
            baseline_before_save, sender=Statement, dispatch_uid="baseline"
        )
        # Every archive has the actors' and places' other names, however set up.
        post_migrate.connect(load_after_migrate, sender=self, dispatch_uid="gazetteer")
        for name in RELATIONS:
            m2m_changed.connect(
                baseline_before_relations,
                sender=getattr(Statement, name).through,
                dispatch_uid=f"baseline of {name}",
            )
