# Indexes of the historical tables (aktionsplan.historie.Historie); no field changes.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0004_versionen_historie_meldungen'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='historicalerkenntnis',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='monitoring__id_b37404_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalerkenntnis',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='monitoring__history_a7e00b_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalindikator',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='monitoring__id_7e0998_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalindikator',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='monitoring__history_545eb0_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalmesswert',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='monitoring__id_9aa0f7_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalmesswert',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='monitoring__history_104c44_idx'),
        ),
    ]
