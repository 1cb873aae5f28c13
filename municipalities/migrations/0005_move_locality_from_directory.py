"""Locality moves from directory to municipalities: it is the municipality's geography, not the directory's.

Only Django's state moves here; the table keeps its rows (0006 renames it). The content type is renamed
too, so the admin history of localities and any permissions on them follow the model.
"""
import django.db.models.deletion
from django.db import migrations, models


def rename_content_type(apps, schema_editor, *, old: str, new: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="locality").exists():
        ContentType.objects.filter(app_label=old, model="locality").update(app_label=new)


def forwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="directory", new="municipalities")


def backwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="municipalities", new="directory")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('directory', '0004_add_company_logo_and_photos'),
        ('municipalities', '0004_add_staffinvitation'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Locality',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='skapad')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='ändrad')),
                        ('name', models.CharField(max_length=100, verbose_name='namn')),
                        ('latitude', models.FloatField(verbose_name='latitud')),
                        ('longitude', models.FloatField(verbose_name='longitud')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='municipalities.municipality', verbose_name='kommun')),
                    ],
                    options={
                        'verbose_name': 'ort',
                        'verbose_name_plural': 'orter',
                        'ordering': ['name'],
                        'constraints': [models.UniqueConstraint(fields=('municipality', 'name'), name='unique_locality_name')],
                        'db_table': 'directory_locality',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
