"""Remove Wagtail's default "Editors" and "Moderators" groups and every permission on the root.

Wagtail's initial data gives those groups rights on the root page and the Root collection,
i.e. on every municipality's pages, images and documents at once. On this platform power is
granted per municipality only (municipalities.services), so no group may hold anything on the
roots (tests/municipalities/test_global_groups.py keeps it so).
"""
from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def remove_global_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission.objects.filter(page__depth=1).delete()
    GroupCollectionPermission.objects.filter(collection__depth=1).delete()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0002_add_sot_hosts_require_mfa"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(remove_global_permissions, migrations.RunPython.noop)]
