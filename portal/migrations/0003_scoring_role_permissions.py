from django.db import migrations

from portal.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_role_groups"),
        ("scoring", "0001_initial"),
        ("movements", "0003_historicalmovement_band_scheme_and_more"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
