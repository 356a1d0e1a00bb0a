"""One full name in Vietnamese order instead of Django's first/last pair.

Họ and tên đệm lived in ``last_name`` and tên in ``first_name``; the full name is them in that
order ("Nguyễn Văn" + "An" → "Nguyễn Văn An"). 0006 then drops the two old columns (a separate
migration, so PostgreSQL never alters the table in the transaction that updated its rows).
"""

from django.db import migrations, models

FULL_NAME_LENGTH = 150


def join_name(last_name, first_name):
    """Họ (and tên đệm), then tên; either may be missing; spaces tidied."""
    return " ".join(f"{last_name or ''} {first_name or ''}".split())[:FULL_NAME_LENGTH].strip()


def split_name(full_name):
    """The reverse: everything before the last word is họ and tên đệm, the last word is tên."""
    last_name, _, first_name = " ".join((full_name or "").split()).rpartition(" ")
    return last_name, first_name


def join_names(apps, schema_editor):
    User = apps.get_model("portal", "User")
    users = list(User.objects.only("pk", "first_name", "last_name"))
    for user in users:
        user.full_name = join_name(user.last_name, user.first_name)
    User.objects.bulk_update(users, ["full_name"], batch_size=500)


def split_names(apps, schema_editor):
    User = apps.get_model("portal", "User")
    users = list(User.objects.only("pk", "full_name"))
    for user in users:
        user.last_name, user.first_name = split_name(user.full_name)
    User.objects.bulk_update(users, ["last_name", "first_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_award_role_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="full_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="Họ và tên"),
        ),
        migrations.RunPython(join_names, split_names),
    ]
