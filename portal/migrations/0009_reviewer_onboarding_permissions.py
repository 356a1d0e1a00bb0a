from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    """Reviewers onboard a province: agency kinds, fields, award kinds and agency accounts."""

    dependencies = [
        ("portal", "0008_reviewer_login_lockout_permissions"),
        ("awards", "0003_award_settings"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
