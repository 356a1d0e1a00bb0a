"""A published model's search column repeats its agency's and field's names: renaming either,
from whichever door (the admin, an import, a merger), refreshes the models that carry it."""

from django.db.models.signals import post_save

from movements.models import Field
from portal.models import Agency

from .models import Initiative


def refresh_search_text(**owner):
    """Recompute the search column of the published models of one agency or one field."""
    rows = list(
        Initiative.objects.filter(published=True, **owner).select_related("agency", "field")
    )
    for row in rows:
        row.search_text = row.searchable_text()
    Initiative.objects.bulk_update(rows, ["search_text"], batch_size=500)


def agency_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh_search_text(agency=instance)


def field_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh_search_text(field=instance)


def connect():
    post_save.connect(agency_saved, sender=Agency, dispatch_uid="initiatives.agency_search")
    post_save.connect(field_saved, sender=Field, dispatch_uid="initiatives.field_search")
