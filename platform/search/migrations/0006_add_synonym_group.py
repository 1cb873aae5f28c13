"""Trade synonym groups, editable by the platform administrator, seeded from data/trade_synonyms.csv
(written for this project from SNI 2007 names and common usage; see data/README.md)."""
import csv
from pathlib import Path

from django.db import migrations, models

SEED = Path(__file__).resolve().parent.parent / "data" / "trade_synonyms.csv"


def seed_groups(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    with open(SEED, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    SynonymGroup.objects.bulk_create([
        SynonymGroup(name=row["name"].strip(),
                     words="\n".join(word.strip() for word in row["words"].split("|") if word.strip()))
        for row in rows
    ], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_search_vocabulary'),
    ]
    operations = [
        migrations.CreateModel(
            name='SynonymGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='Vad gruppen gäller, t.ex. ”Rörmokare och VVS”.', max_length=100, unique=True, verbose_name='namn')),
                ('words', models.TextField(help_text='Ord eller uttryck som betyder samma sak, ett per rad eller åtskilda med kommatecken. Böjningar behövs inte: ”snickare” hittar också ”snickaren”.', verbose_name='ord')),
                ('enabled', models.BooleanField(default=True, verbose_name='används')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='ändrad')),
            ],
            options={
                'verbose_name': 'synonymgrupp',
                'verbose_name_plural': 'synonymgrupper',
                'ordering': ['name'],
            },
        ),
        migrations.RunPython(seed_groups, migrations.RunPython.noop),
    ]
