"""Attachments leave Wagtail's documents: their bytes move into AttachmentContent (private, served only after a
permission check) and the documents they were stored as are deleted with their files."""

import django.db.models.deletion
from django.db import migrations, models


def move_documents_into_content(apps, schema_editor):
    Attachment = apps.get_model("marketplace", "ListingAttachment")
    Content = apps.get_model("marketplace", "AttachmentContent")
    for attachment in Attachment.objects.select_related("document").iterator(chunk_size=100):
        document = attachment.document
        with document.file.open("rb") as handle:
            data = handle.read()
        Content.objects.create(attachment=attachment, data=data)
        attachment.size = len(data)
        attachment.save(update_fields=["size"])
        storage, name = document.file.storage, document.file.name
        document.delete()
        storage.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0001_initial'),
        ('wagtaildocs', '0014_alter_document_file_size'),
    ]

    operations = [
        migrations.CreateModel(
            name='AttachmentContent',
            fields=[
                ('attachment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='content', serialize=False, to='marketplace.listingattachment')),
                ('data', models.BinaryField()),
            ],
        ),
        migrations.AddField(
            model_name='listingattachment',
            name='size',
            field=models.PositiveIntegerField(default=0, verbose_name='storlek (byte)'),
        ),
        migrations.RunPython(move_documents_into_content, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='listingattachment',
            options={'ordering': ['pk']},
        ),
        migrations.RemoveField(
            model_name='listingattachment',
            name='document',
        ),
        migrations.AddField(
            model_name='listingattachment',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, null=True),
        ),
        migrations.AddField(
            model_name='listingattachment',
            name='filename',
            field=models.CharField(default='bilaga.pdf', max_length=120, verbose_name='filnamn'),
        ),
    ]
