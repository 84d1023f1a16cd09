# Indexes of the historical tables (aktionsplan.historie.Historie); no field changes.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('akteure', '0003_versionen_historie_meldungen'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='historicalakteur',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='akteure_his_id_57ef44_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalakteur',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='akteure_his_history_f81e9e_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalakteurstyp',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='akteure_his_id_2fc167_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalakteurstyp',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='akteure_his_history_51195c_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalansprechperson',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='akteure_his_id_f2b4e6_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalansprechperson',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='akteure_his_history_689b5a_idx'),
        ),
        migrations.AddIndex(
            model_name='historicaldatenquelle',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='akteure_his_id_08b5a7_idx'),
        ),
        migrations.AddIndex(
            model_name='historicaldatenquelle',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='akteure_his_history_24fb52_idx'),
        ),
    ]
