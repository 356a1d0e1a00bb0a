from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    """Agencies prepare and send their annual review of models; reviewers decide on it."""

    dependencies = [
        ("portal", "0015_initiative_permissions"),
        ("initiatives", "0002_annual_review"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
