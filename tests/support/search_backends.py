"""A search backend of either kind holding given documents, for tests parametrised over backends."""
from search.backends.database import DatabaseSearchBackend


def backend_with(request, spec, documents):
    """The backend a `database`/`elasticsearch` parametrised fixture names, holding `documents`. The
    database index is always written (it holds the vocabulary that query expansion reads), as the
    facade does."""
    database = DatabaseSearchBackend()
    database.index_documents(spec, documents)
    if request.param == "database":
        return database
    elasticsearch = request.getfixturevalue("elasticsearch_backend")
    elasticsearch.index_documents(spec, documents)
    elasticsearch.client.indices.refresh(index=elasticsearch.alias(spec))
    return elasticsearch
