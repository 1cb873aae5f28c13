"""Signal handlers: keep the search index in step with listings, their call items and their hubs (no business
logic). Each change re-reads the listing after commit and indexes it if it is live and public, else removes it."""
from django.db import transaction


def _reindex(listing_ids: list[int]) -> None:
    from marketplace.search import LISTING_INDEX, is_indexable, listing_document, listing_get_for_index
    from search.registry import delete_documents, index_documents

    documents, gone = [], []
    for pk in listing_ids:
        listing = listing_get_for_index(pk)
        if listing is not None and is_indexable(listing):
            documents.append(listing_document(listing))
        else:
            gone.append(str(pk))
    if documents:
        index_documents(LISTING_INDEX.name, documents)
    if gone:
        delete_documents(LISTING_INDEX.name, gone)


def _reindex_on_commit(listing_ids: list[int]) -> None:
    if listing_ids:
        transaction.on_commit(lambda: _reindex(listing_ids))


def listing_changed(sender, instance, **kwargs):
    _reindex_on_commit([instance.pk])


def call_item_changed(sender, instance, **kwargs):
    _reindex_on_commit([instance.listing_id])


def hub_changed(sender, instance, **kwargs):
    """A hub's name (its listings' owner) or the municipalities it spans (where they are found) changed."""
    _reindex_on_commit(list(instance.listings.values_list("pk", flat=True)))


def hub_municipalities_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        hub_changed(sender, instance)
