from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    """Reviewers see what was told to whom and whether the mail went out."""

    dependencies = [
        ("portal", "0012_plan_and_report_permissions"),
        ("notifications", "0001_notifications"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
