from django.apps import AppConfig
from django.db.backends.signals import connection_created


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Sök"

    def ready(self) -> None:
        from .backends.database import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="search.register_sqlite_functions")
