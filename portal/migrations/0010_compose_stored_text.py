from django.db import migrations

from portal.text import compose_stored_text


class Migration(migrations.Migration):
    """Text stored before input was normalised becomes NFC, so “Dân” is found however typed."""

    dependencies = [
        ("portal", "0009_reviewer_onboarding_permissions"),
        ("movements", "0007_stage_settings_moved_to_their_apps"),
        ("registrations", "0001_initial"),
        ("scoring", "0002_scoring_settings"),
        ("awards", "0003_award_settings"),
    ]

    operations = [migrations.RunPython(compose_stored_text, migrations.RunPython.noop)]
