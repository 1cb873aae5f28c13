"""Signal handlers: keep the search index in step with the companies (no business logic)."""
from django.db import transaction


def _reindex(company_id: int) -> None:
    from directory.models import Company
    from directory.search import COMPANY_INDEX, company_document
    from search.registry import delete_documents, index_documents

    company = Company.objects.filter(pk=company_id).select_related("municipality").first()
    if company is not None and company.is_published:
        index_documents(COMPANY_INDEX.name, [company_document(company)])
    else:
        delete_documents(COMPANY_INDEX.name, [str(company_id)])


def company_saved(sender, instance, **kwargs):
    transaction.on_commit(lambda: _reindex(instance.pk))


def company_localities_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        transaction.on_commit(lambda: _reindex(instance.pk))


def company_deleted(sender, instance, **kwargs):
    transaction.on_commit(lambda: _reindex(instance.pk))
