"""Sections higher apps put first on a municipality's home page (e.g. the SOT list in a disruption).

The home page model cannot import those apps (they sit above it), so they register a provider
at start-up: provider(request, municipality) -> rendered HTML (safe) or None.
"""
from collections.abc import Callable

_providers: list[tuple[str, Callable]] = []


def register_home_section(name: str, provider: Callable) -> None:
    if name not in dict(_providers):
        _providers.append((name, provider))


def home_sections(request, municipality) -> list[str]:
    sections = []
    for _name, provider in _providers:
        section = provider(request, municipality)
        if section is not None:
            sections.append(section)
    return sections
