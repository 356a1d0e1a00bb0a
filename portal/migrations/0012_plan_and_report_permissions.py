from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    """Agencies prepare and send plans and reports; reviewers set them up and review them."""

    dependencies = [
        ("portal", "0011_coordinator"),
        ("reports", "0001_plans_and_reports"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
