from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    """Reviewers edit a movement's deadlines and its scoring and award settings."""

    dependencies = [
        ("portal", "0006_remove_user_first_name_last_name"),
        ("movements", "0007_stage_settings_moved_to_their_apps"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
