import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every registration now belongs to a model (0003 attached them); the year-to-year link is
    the model itself."""

    dependencies = [
        ("initiatives", "0001_initial"),
        ("registrations", "0003_attach_registrations_to_initiatives"),
    ]

    operations = [
        migrations.AlterField(
            model_name="registration",
            name="initiative",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="registrations",
                to="initiatives.initiative",
                verbose_name="Mô hình",
            ),
        ),
        migrations.RemoveField(model_name="registration", name="continues_from"),
        migrations.RemoveField(model_name="historicalregistration", name="continues_from"),
    ]
