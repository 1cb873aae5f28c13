"""Fetching CAP messages over HTTP: a URL answers either one CAP message or an Atom/RSS feed whose
entries link to CAP messages (or carry one inline). Network and feed errors become FetchError,
never tracebacks; what each message is worth is decided by services.import_cap_document().
"""
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from alerts import cap

logger = logging.getLogger("alerts.cap")

ATOM_NS = "http://www.w3.org/2005/Atom"
DEFAULT_TIMEOUT = 10.0
# A feed lists the warnings currently in force; more than this is a broken or hostile feed.
MAX_ENTRIES = 200
# A feed is larger than one message; each message is still held to cap.MAX_BYTES by the import.
MAX_FEED_BYTES = 4 * 1024 * 1024
USER_AGENT = "Naringslivsplattformen-CAP/1.0"


class FetchError(Exception):
    """A URL could not be fetched or read; the message is English, for the log."""


@dataclass(frozen=True)
class Document:
    source: str  # the URL it came from (for an inline entry: the feed URL and the entry id)
    data: bytes


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, limit: int = MAX_FEED_BYTES) -> bytes:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs are fetched")
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "application/cap+xml, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5",
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            data = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(f"{url}: {getattr(exc, 'reason', exc)}") from None
    if len(data) > limit:
        raise FetchError(f"{url}: larger than {limit} bytes")
    return data


def documents_from_url(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> tuple[list[Document], list[str]]:
    """The CAP documents a URL leads to, and the errors met on the way (for the log).

    A response that is neither a feed nor a CAP message is passed on as a document, so the
    import records it as rejected with its reason.
    """
    data = fetch(url, timeout=timeout)
    try:
        root = cap.parse_xml_safely(data)
    except cap.CapRejected:
        return [Document(url, data[: cap.MAX_BYTES + 1])], []
    links, inline = _feed_entries(root, base_url=url)
    if links is None:  # not a feed: a CAP message (or something the import will reject)
        return [Document(url, data)], []
    documents = [Document(f"{url}#{entry_id}", payload) for entry_id, payload in inline]
    errors = []
    for link in links[: MAX_ENTRIES - len(documents)]:
        try:
            documents.append(Document(link, fetch(link, timeout=timeout, limit=cap.MAX_BYTES + 1)))
        except FetchError as exc:
            errors.append(str(exc))
    return documents, errors


def _feed_entries(root, *, base_url: str) -> tuple[list[str] | None, list[tuple[str, bytes]]]:
    """(links to CAP messages, inline CAP messages) of an Atom or RSS feed; (None, []) for anything else."""
    cap_tag = f"{{{cap.CAP_NS}}}alert"
    if root.tag == f"{{{ATOM_NS}}}feed":
        entries = root.findall(f"{{{ATOM_NS}}}entry")[:MAX_ENTRIES]
        links, inline = [], []
        for index, entry in enumerate(entries):
            embedded = next(entry.iter(cap_tag), None)
            if embedded is not None:
                entry_id = (entry.findtext(f"{{{ATOM_NS}}}id") or str(index)).strip()
                inline.append((entry_id, etree.tostring(embedded, encoding="utf-8", xml_declaration=True)))
                continue
            href = _atom_cap_link(entry)
            if href:
                links.append(urljoin(base_url, href))
        return cap.unique(links), inline
    if root.tag == "rss":
        links = []
        for item in root.findall("channel/item")[:MAX_ENTRIES]:
            enclosure = item.find("enclosure")
            href = enclosure.get("url") if enclosure is not None and "cap" in (enclosure.get("type") or "") else None
            href = href or (item.findtext("link") or "").strip()
            if href:
                links.append(urljoin(base_url, href))
        return cap.unique(links), []
    return None, []


def _atom_cap_link(entry) -> str:
    """The entry's link to its CAP message: one typed as CAP, else the alternate (or untyped) link."""
    links = entry.findall(f"{{{ATOM_NS}}}link")
    for link in links:
        if "cap" in (link.get("type") or "").lower():
            return link.get("href") or ""
    for link in links:
        if link.get("rel") in (None, "", "alternate"):
            return link.get("href") or ""
    return ""
