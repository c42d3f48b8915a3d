"""Sends each saved or deleted statement to the index once its transaction commits.

Haystack's RealtimeSignalProcessor writes during the save, so a rolled-back
transaction would leave the index ahead of the database; waiting for the
commit keeps the database the source of truth.
"""

from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from .models import Statement


class OnCommitSignalProcessor(BaseSignalProcessor):
    def setup(self):
        signals.post_save.connect(self.schedule, sender=Statement)
        signals.post_delete.connect(self.schedule, sender=Statement)
        for relation in (Statement.tags, Statement.places, Statement.actors):
            signals.m2m_changed.connect(self.schedule, sender=relation.through)

    def teardown(self):
        signals.post_save.disconnect(self.schedule, sender=Statement)
        signals.post_delete.disconnect(self.schedule, sender=Statement)
        for relation in (Statement.tags, Statement.places, Statement.actors):
            signals.m2m_changed.disconnect(self.schedule, sender=relation.through)

    def schedule(self, sender, instance, **kwargs):
        from .indexing import index_statements, indexing_deferred

        if indexing_deferred() or not isinstance(instance, Statement):
            return
        pk = instance.pk
        transaction.on_commit(lambda: index_statements([pk]))
