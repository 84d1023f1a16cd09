# Indexes of the historical tables (aktionsplan.historie.Historie); no field changes.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projekte', '0005_aktueller_sachstand'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='historicalfinanzierung',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='projekte_hi_id_b90fd0_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalfinanzierung',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='projekte_hi_history_63e1ef_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalmeilenstein',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='projekte_hi_id_6c8d3a_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalmeilenstein',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='projekte_hi_history_0ead75_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalmeilenstein',
            index=models.Index(fields=['projekt', 'history_date', 'history_id'], name='projekte_hi_projekt_1fe3b3_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalprojektbeteiligung',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='projekte_hi_id_391666_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalprojektbeteiligung',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='projekte_hi_history_d472fa_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalprojektbeteiligung',
            index=models.Index(fields=['projekt', 'history_date', 'history_id'], name='projekte_hi_projekt_3d6db2_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalprojektskizze',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='projekte_hi_id_be60b7_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalprojektskizze',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='projekte_hi_history_fda296_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalsachstand',
            index=models.Index(fields=['id', 'history_date', 'history_id'], name='projekte_hi_id_9fa058_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalsachstand',
            index=models.Index(fields=['history_user', 'history_date', 'history_id'], name='projekte_hi_history_73719e_idx'),
        ),
        migrations.AddIndex(
            model_name='historicalsachstand',
            index=models.Index(fields=['projekt', 'history_date', 'history_id'], name='projekte_hi_projekt_c8eeb5_idx'),
        ),
    ]
