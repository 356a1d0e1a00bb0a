from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    """Reviewers see login lockouts (django-axes) and lift them in the admin."""

    dependencies = [
        ("portal", "0007_deadline_and_stage_settings_permissions"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
