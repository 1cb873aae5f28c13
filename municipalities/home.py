"""Sections higher apps put first on a municipality's home page (e.g. the SOT list in a disruption).

The home page model cannot import those apps (they sit above it), so they register a provider
at start-up: provider(request, municipality) -> rendered HTML (safe) or None. Sections are shown
by `order`, lowest first: the SOT list (order 10) must lead during a disruption, before the
directory's search box (order 20).
"""
from collections.abc import Callable

_providers: list[tuple[int, str, Callable]] = []


def register_home_section(name: str, provider: Callable, *, order: int = 50) -> None:
    if name not in {registered for _order, registered, _provider in _providers}:
        _providers.append((order, name, provider))
        _providers.sort(key=lambda entry: entry[0])


def home_sections(request, municipality) -> list[str]:
    sections = []
    for _order, _name, provider in _providers:
        section = provider(request, municipality)
        if section is not None:
            sections.append(section)
    return sections
