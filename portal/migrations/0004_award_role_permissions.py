from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_scoring_role_permissions"),
        ("awards", "0001_initial"),
        ("movements", "0004_historicalmovement_award_kind_and_more"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
