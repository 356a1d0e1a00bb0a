from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    """The read-only provincial leaders' role, and the dashboard's permissions for reviewers."""

    dependencies = [
        ("portal", "0016_review_permissions"),
        ("dashboard", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
