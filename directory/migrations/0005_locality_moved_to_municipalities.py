"""Locality now lives in municipalities (its 0005): companies point at it there, and directory forgets it.

State only: the table and the companies' link table keep their rows.
"""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0004_add_company_logo_and_photos'),
        ('municipalities', '0005_move_locality_from_directory'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='company',
                    name='localities',
                    field=models.ManyToManyField(blank=True, related_name='companies', to='municipalities.locality', verbose_name='orter där företaget verkar'),
                ),
                migrations.DeleteModel(
                    name='Locality',
                ),
            ],
            database_operations=[],
        ),
    ]
