"""Choice fields of admin forms limited to one municipality's objects.

A foreign key in an admin form is a way to reach another municipality's data: Wagtail's
choosers and Django's ModelChoiceField offer (and accept) every row. Every municipality-scoped
snippet form gets ScopedChoicesFormMixin, so a theme offers and accepts only its own
municipality's images, a point only its own localities and companies, and so on.
"""
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from municipalities.models import Municipality
from municipalities.permissions import is_platform_admin, municipality_ids_for_user


def _tree_q(nodes) -> Q:
    q = Q(pk__in=[])
    for node in nodes:
        q |= Q(path__startswith=node.path)
    return q


def limit_to_municipalities(queryset, municipality_ids):
    """The part of `queryset` that belongs to these municipalities; unchanged for models owned by nobody.

    User choices are left to each form: who may be chosen (hosts, members) depends on the form.
    """
    model = queryset.model
    municipalities = Municipality.objects.filter(pk__in=municipality_ids)
    if issubclass(model, (get_image_model(), get_document_model())):
        collections = Collection.objects.filter(_tree_q(c.collection for c in municipalities.select_related("collection")))
        return queryset.filter(collection__in=collections)
    if issubclass(model, Page):
        homes = [m.site.root_page for m in municipalities.select_related("site__root_page")]
        return queryset.filter(_tree_q(homes))
    if issubclass(model, Municipality):
        return queryset.filter(pk__in=municipality_ids)
    field_names = {f.name for f in model._meta.concrete_fields}
    if "municipality" in field_names and model._meta.get_field("municipality").related_model is Municipality:
        return queryset.filter(municipality_id__in=municipality_ids)
    return queryset


def municipality_id_of(instance, lookup: str) -> int | None:
    """Follow an ORM path such as "municipality__id" on an object: its municipality's id, or None."""
    value = instance
    for part in lookup.split("__"):
        try:
            value = getattr(value, part, None)
        except ValueError:  # a many-to-many path on an object not saved yet
            return None
        if value is None:
            return None
    return value if isinstance(value, int) else None


class ScopedChoicesFormMixin:
    """Every model choice field of the form offers only the objects of the form's municipality.

    The object's own municipality decides when it has one (an editor of two municipalities still
    cannot give Åsele's theme Arvidsjaur's logo); a new object uses the editor's municipalities.
    """

    municipality_lookup = "municipality__id"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality_ids = self._choice_municipality_ids()
        if municipality_ids is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None:
                field.queryset = limit_to_municipalities(queryset, municipality_ids)

    def _choice_municipality_ids(self):
        municipality_id = municipality_id_of(self.instance, self.municipality_lookup)
        if municipality_id is not None:
            return {municipality_id}
        user = getattr(self, "for_user", None)
        if user is None or is_platform_admin(user):
            return None
        return municipality_ids_for_user(user)
