from django.db import migrations


class Migration(migrations.Migration):
    """Scoring and award settings now live in their apps (scoring 0002, awards 0003)."""

    dependencies = [
        ('movements', '0006_deadlines'),
        ('scoring', '0002_scoring_settings'),
        ('awards', '0003_award_settings'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='movement',
            name='movement_vote_threshold_is_a_percentage',
        ),
        migrations.RemoveField(
            model_name='historicalmovement',
            name='award_kind',
        ),
        migrations.RemoveField(
            model_name='historicalmovement',
            name='band_scheme',
        ),
        migrations.RemoveField(
            model_name='historicalmovement',
            name='criteria_set',
        ),
        migrations.RemoveField(
            model_name='historicalmovement',
            name='max_nominees',
        ),
        migrations.RemoveField(
            model_name='historicalmovement',
            name='target_band',
        ),
        migrations.RemoveField(
            model_name='historicalmovement',
            name='target_share',
        ),
        migrations.RemoveField(
            model_name='historicalmovement',
            name='vote_base',
        ),
        migrations.RemoveField(
            model_name='historicalmovement',
            name='vote_strictly_above',
        ),
        migrations.RemoveField(
            model_name='historicalmovement',
            name='vote_threshold',
        ),
        migrations.RemoveField(
            model_name='movement',
            name='award_kind',
        ),
        migrations.RemoveField(
            model_name='movement',
            name='band_scheme',
        ),
        migrations.RemoveField(
            model_name='movement',
            name='criteria_set',
        ),
        migrations.RemoveField(
            model_name='movement',
            name='max_nominees',
        ),
        migrations.RemoveField(
            model_name='movement',
            name='target_band',
        ),
        migrations.RemoveField(
            model_name='movement',
            name='target_share',
        ),
        migrations.RemoveField(
            model_name='movement',
            name='vote_base',
        ),
        migrations.RemoveField(
            model_name='movement',
            name='vote_strictly_above',
        ),
        migrations.RemoveField(
            model_name='movement',
            name='vote_threshold',
        ),
    ]
