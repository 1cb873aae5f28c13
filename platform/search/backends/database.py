"""Search in the primary database: the embedded default and the fallback."""
from django.db import connection

from .base import SearchBackend


class DatabaseSearchBackend(SearchBackend):
    name = "database"

    def ping(self) -> bool:
        return connection.is_usable() if connection.connection else True
