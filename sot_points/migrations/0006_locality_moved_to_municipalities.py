"""Points and disruptions follow Locality into municipalities (state only: the columns already point at its table)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('municipalities', '0005_move_locality_from_directory'),
        ('sot_points', '0005_disruption_follow_through'),
    ]
    # directory forgets its Locality only after every reference to it has moved.
    run_before = [('directory', '0005_locality_moved_to_municipalities')]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='disruption',
                    name='localities',
                    field=models.ManyToManyField(blank=True, help_text='Tomt betyder hela kommunen.', to='municipalities.locality', verbose_name='berörda orter'),
                ),
                migrations.AlterField(
                    model_name='sotpoint',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sot_points', to='municipalities.locality', verbose_name='ort'),
                ),
            ],
            database_operations=[],
        ),
    ]
