from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Sök"

    def ready(self) -> None:
        from .backends.database import register_sqlite_functions
        from .expansion import register_synonym_source
        from .models import SynonymGroup
        from .synonyms import forget_synonyms, trade_synonym_alternatives

        connection_created.connect(register_sqlite_functions, dispatch_uid="search.register_sqlite_functions")
        # Trade synonyms are applied to every index when a query is analysed (search.synonyms).
        register_synonym_source(trade_synonym_alternatives)
        post_save.connect(forget_synonyms, sender=SynonymGroup, dispatch_uid="search.synonyms.saved")
        post_delete.connect(forget_synonyms, sender=SynonymGroup, dispatch_uid="search.synonyms.deleted")
