# Indexes of the historical tables (aktionsplan.historie.Historie); no field changes.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aktionsplan', '0008_plan_kommune_pflicht'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='historicalbeteiligungsformat',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='aktionsplan_id_7f2348_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalbeteiligungsformat',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='aktionsplan_history_769958_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalfortschreibung',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='aktionsplan_id_7cf855_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalfortschreibung',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='aktionsplan_history_27eb27_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalleitbild',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='aktionsplan_id_64fbda_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalleitbild',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='aktionsplan_history_0863d5_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalplan',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='aktionsplan_id_14d996_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalplan',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='aktionsplan_history_3bb3b4_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalraum',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='aktionsplan_id_4310f9_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalraum',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='aktionsplan_history_86e8a6_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalthema',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='aktionsplan_id_1d6328_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalthema',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='aktionsplan_history_056f9d_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalunbrkartikel',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='aktionsplan_id_bdf004_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalunbrkartikel',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='aktionsplan_history_50ab9e_idx'),
        ),
        migrations.AddIndex(
            model_name='historicaluser',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='aktionsplan_id_d9ba64_idx'),
        ),
        migrations.AddIndex(
            model_name='historicaluser',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='aktionsplan_history_f21622_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalzielgruppe',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='aktionsplan_id_75f440_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalzielgruppe',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='aktionsplan_history_bc4e3e_idx'),
        ),
    ]
