"""The interface every search backend implements."""
from abc import ABC, abstractmethod


class SearchBackend(ABC):
    name: str = "base"

    @abstractmethod
    def ping(self) -> bool:
        """True when the backend can answer queries now."""
