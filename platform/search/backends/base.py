"""The interface every search backend implements."""
import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from itertools import islice

from ..types import IndexSpec, SearchDocument, SearchQuery, SearchResult

# search.expansion reads the database vocabulary (search.models); imported where used so this
# module stays importable without the app registry (search.vocabulary uses `chunks`).


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """`items` in lists of at most `size`, for batched writes."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class SearchBackendError(Exception):
    """The backend failed a request. The facade falls back to the database for reads and
    logs failed writes (reconcile_search_index repairs them)."""


class SearchBackendUnavailable(SearchBackendError):
    """The backend cannot be reached now (refused, timed out, overloaded)."""


class SearchBackend(ABC):
    name: str = "base"

    @abstractmethod
    def ping(self) -> bool:
        """True when the backend can answer queries now."""

    @abstractmethod
    def ensure_index(self, spec: IndexSpec) -> None:
        """Create the index for `spec` if it does not exist yet."""

    @abstractmethod
    def index_documents(self, spec: IndexSpec, docs: Iterable[SearchDocument]) -> int:
        """Add or replace documents; returns how many were written."""

    @abstractmethod
    def delete_documents(self, spec: IndexSpec, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""

    def search(self, spec: IndexSpec, query: SearchQuery) -> SearchResult:
        """The query's words expanded (search.expansion) and run; when they find nothing,
        once more with one-edit corrections, which then answer with `did_you_mean` set."""
        from .. import expansion

        spec.check_query(query)
        plan = expansion.plan_query(spec.name, query.text)
        result = self.search_plan(spec, query, plan)
        if result.total or not plan.words:
            return result
        corrected = expansion.corrected_plan(spec.name, query.text)
        if corrected is None:
            return result
        corrected_plan, did_you_mean = corrected
        retry = self.search_plan(spec, query, corrected_plan)
        return dataclasses.replace(retry, did_you_mean=did_you_mean) if retry.total else result

    @abstractmethod
    def search_plan(self, spec: IndexSpec, query: SearchQuery, plan) -> SearchResult:
        """One page for an expanded query (search.expansion.QueryPlan): every word must match
        one of its alternatives; the score is the sum of the words' best weighted alternative."""

    @abstractmethod
    def suggest(self, spec: IndexSpec, prefix: str, municipality_ids: list[int],
                limit: int = 8) -> list[tuple[str, str]]:
        """(id, label) of documents whose suggest label has a word starting with each typed word,
        ordered by label (case- and accent-insensitive), then id."""

    @abstractmethod
    def rebuild(self, spec: IndexSpec, docs: Iterable[SearchDocument]) -> int:
        """Replace the whole index with `docs` without a moment of empty results."""

    @abstractmethod
    def document_hashes(self, spec: IndexSpec) -> dict[str, str]:
        """id -> content hash of every stored document (reconcile compares them)."""

    def document_ids(self, spec: IndexSpec) -> set[str]:
        return set(self.document_hashes(spec))
