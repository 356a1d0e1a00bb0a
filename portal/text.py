"""What typed or pasted text becomes on the way in: one rule for forms, queries and imports."""

import re
import unicodedata

# C0 controls and DEL, but not tab, line feed or carriage return (text areas keep their lines).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    """Drop control characters pasted from Word or PDF (a NUL breaks PostgreSQL and Excel) and
    compose Vietnamese marks (NFC), so “Dân” typed with combining marks is the same word."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", CONTROL_CHARACTERS.sub("", value))


# The apps whose stored text users type; their history tables included, so searches agree.
TYPED_TEXT_APPS = ("portal", "movements", "registrations", "scoring", "awards")


def compose_stored_text(apps, schema_editor=None, app_labels=TYPED_TEXT_APPS):
    """Data migration: rewrite stored text typed before input was normalised to NFC.

    Only rows with a decomposed value are written, in batches, so a large table costs a read.
    """
    from django.db import models

    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            text_fields = [
                field.attname
                for field in model._meta.concrete_fields
                if isinstance(field, (models.CharField, models.TextField)) and not field.choices
            ]
            if not text_fields:
                continue
            changed = []
            for row in model._base_manager.only("pk", *text_fields).iterator(chunk_size=2000):
                dirty = False
                for name in text_fields:
                    value = getattr(row, name)
                    if value and not unicodedata.is_normalized("NFC", value):
                        setattr(row, name, unicodedata.normalize("NFC", value))
                        dirty = True
                if dirty:
                    changed.append(row)
            model._base_manager.bulk_update(changed, text_fields, batch_size=500)
