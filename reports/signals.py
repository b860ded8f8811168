"""A roll document's file goes with its row: deleted when the row is (a new render replaces it, a
regeneration of the roll clears them), once the transaction commits, so that a rolled-back
deletion keeps its file."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from benefits.payroll.models import RollDocument


def _delete_file_if_unused(storage, name: str) -> None:
    # A new render may already have taken the name (roll_documents_render frees it first).
    if not RollDocument.objects.filter(file=name).exists():
        storage.delete(name)


@receiver(post_delete, sender=RollDocument, dispatch_uid="reports.roll_document_file_delete")
def roll_document_file_delete(sender, instance, **kwargs):
    name = instance.file.name if instance.file else ""
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: _delete_file_if_unused(storage, name))
