"""Listings follow Locality into municipalities (state only: the column already points at its table)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0002_private_attachments'),
        ('municipalities', '0005_move_locality_from_directory'),
    ]
    # directory forgets its Locality only after every reference to it has moved.
    run_before = [('directory', '0005_locality_moved_to_municipalities')]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='listing',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='municipalities.locality', verbose_name='ort'),
                ),
            ],
            database_operations=[],
        ),
    ]
