"""Sample criteria sets are flagged, never printed as official; groups scored by the level
above are flagged, never self-scored. The data step marks the sample sheet of
fixtures/criteria_sample.json (its title said “Bộ tiêu chí mẫu — thay bằng …”) and drops the
placeholder words from its title, and marks groups whose text says the level above scores them.
"""

from django.db import migrations, models

SAMPLE_TITLE = "Bộ tiêu chí đánh giá công tác dân vận chính quyền"


def mark_samples_and_superior_groups(apps, schema_editor):
    CriteriaSet = apps.get_model("scoring", "CriteriaSet")
    Criterion = apps.get_model("scoring", "Criterion")
    for criteria_set in CriteriaSet.objects.filter(title__icontains="Bộ tiêu chí mẫu"):
        criteria_set.is_sample = True
        if "thay bằng" in criteria_set.title.lower():
            criteria_set.title = SAMPLE_TITLE
        criteria_set.save(update_fields=["is_sample", "title"])
    for group in Criterion.objects.filter(
        parent__isnull=True, text__icontains="cấp trên xem xét"
    ):
        Criterion.objects.filter(criteria_set_id=group.criteria_set_id).filter(
            models.Q(pk=group.pk) | models.Q(code__startswith=f"{group.code}.")
        ).update(scored_by_superior=True)


class Migration(migrations.Migration):

    dependencies = [
        ('scoring', '0003_coordinator_is_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='criteriaset',
            name='is_sample',
            field=models.BooleanField(default=False, help_text='Bộ tiêu chí dùng để thử, không phải văn bản đã ban hành: cổng không in bản chấm điểm chính thức và không nhận hồ sơ khen thưởng theo bộ tiêu chí này.', verbose_name='Bộ tiêu chí mẫu'),
        ),
        migrations.AddField(
            model_name='criterion',
            name='scored_by_superior',
            field=models.BooleanField(default=False, help_text='Nhóm tiêu chí do cấp trên xem xét, cho điểm: đơn vị không tự chấm. Đánh dấu ở nhóm cấp 1; các tiêu chí trong nhóm theo nhóm.', verbose_name='Do cấp trên chấm'),
        ),
        migrations.AddField(
            model_name='historicalcriteriaset',
            name='is_sample',
            field=models.BooleanField(default=False, help_text='Bộ tiêu chí dùng để thử, không phải văn bản đã ban hành: cổng không in bản chấm điểm chính thức và không nhận hồ sơ khen thưởng theo bộ tiêu chí này.', verbose_name='Bộ tiêu chí mẫu'),
        ),
        migrations.RunPython(mark_samples_and_superior_groups, migrations.RunPython.noop),
    ]
