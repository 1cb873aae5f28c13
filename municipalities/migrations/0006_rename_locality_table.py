"""Locality's table takes its new app's name (directory_locality -> municipalities_locality).

The databases carry the foreign keys along: PostgreSQL follows the table, SQLite rewrites the references.
"""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0005_locality_moved_to_municipalities'),
        ('municipalities', '0005_move_locality_from_directory'),
    ]

    operations = [
        migrations.AlterModelTable(name='locality', table=None),
    ]
