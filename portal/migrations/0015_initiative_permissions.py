from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    """Reviewers keep the model register and decide on models."""

    dependencies = [
        ("portal", "0014_coordinator_is_data"),
        ("initiatives", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
