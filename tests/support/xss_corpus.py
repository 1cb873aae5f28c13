"""Stored-XSS payloads, and the browser-side check that none of them ran.

Every payload, if a page ever runs it, calls `__xss(<tag>)`, a function the test's browser
defines before any page script (an init script, outside the page's reach). Each placement of a
payload gets its own numeric tag, so a failure names the field and the payload, not only the page.

The payloads cover the contexts a value can land in: element content (`<script>`, `<img onerror>`,
`<svg onload>`, mXSS), attribute values (quote, apostrophe and backtick breakouts, event handlers
without a closing tag), raw-text elements (`</textarea>`, `</title>`, `</script>` out of JSON-LD),
URLs (`javascript:` in links, website fields and rich-text hrefs), template syntax a server or a
client might evaluate, and escaped or look-alike forms that a decoding or normalising step could
turn back into markup.
"""
import json
from dataclasses import dataclass, field

MARKER = "__xss"

# (name, template): `{n}` becomes the placement's tag. No payload needs the others around it.
PAYLOADS: list[tuple[str, str]] = [
    ("script", "<script>__xss({n})</script>"),
    ("img-onerror", "<img src=x onerror=__xss({n})>"),
    ("svg-onload", "<svg onload=__xss({n})>"),
    ("quote-breakout", '"><img src=x onerror=__xss({n})>'),
    ("apostrophe-breakout", "'><img src=x onerror=__xss({n})>"),
    ("backtick-breakout", "`><img src=x onerror=__xss({n})>"),
    ("attribute-handler", '" autofocus onfocus=__xss({n}) x="'),
    ("attribute-handler-apostrophe", "' onmouseover=__xss({n}) x='"),
    # No spaces: for values that may not hold any (CAP identifiers), "/" separates attributes too.
    ("attribute-handler-nospace", '"/autofocus/onfocus=__xss({n})//'),
    ("attribute-handler-apostrophe-nospace", "'/onmouseover=__xss`{n}`//"),
    ("textarea-breakout", "</textarea><svg onload=__xss({n})>"),
    ("title-breakout", "</title><svg onload=__xss({n})>"),
    ("script-breakout", "</script><script>__xss({n})</script>"),
    ("json-string-breakout", '"}]</script><svg onload=__xss({n})>'),
    ("template", "{{ 1000|add:7 }}{% now 'Y' %}${__xss({n})}{{constructor.constructor('__xss({n})')()}}"),
    ("javascript-url", "javascript:__xss({n})"),
    ("details-ontoggle", "<details open ontoggle=__xss({n})>"),
    ("mxss", "<math><mtext><table><mglyph><style><img src=x onerror=__xss({n})>"),
    ("nested-filter-evasion", "<scr<script>ipt>__xss({n})</scr</script>ipt>"),
    ("entity-escaped", "&lt;img src=x onerror=__xss({n})&gt;"),
    ("unicode-escaped", "\\u003csvg onload=__xss({n})\\u003e"),
    ("fullwidth", "\uff1csvg onload=__xss({n})\uff1e"),
    ("percent-encoded", "%3Csvg%20onload%3D__xss({n})%3E"),
]

# Values a field validates (web addresses, e-mail addresses) carry payloads in the parts the
# validator lets through: the query and fragment of a URL, the quoted or dot-atom local part.
URL_PAYLOADS = [
    'https://example.org/?q="><svg/onload=__xss({n})>',
    "https://example.org/#'/onmouseover='__xss({n})'",
    "https://example.org/</script><script>__xss({n})</script>",
]
EMAIL_PAYLOADS = [
    '"<svg/onload=__xss({n})>"@example.org',
    "'/onmouseover=__xss`{n}`//@example.org",
    '"</textarea><img/src=x/onerror=__xss({n})>"@example.org',
]
# Addresses a URL field must refuse outright.
REFUSED_URLS = ["javascript:__xss(1)", "JaVaScRiPt:__xss(1)", "data:text/html,<script>__xss(1)</script>"]
# hrefs of links in rich text, as Draftail would submit them (Wagtail's converter must drop them).
RICH_TEXT_HREFS = ["javascript:__xss({n})", " JavaScript:__xss({n})", "java\tscript:__xss({n})",
                   "data:text/html,<script>__xss({n})</script>", "vbscript:__xss({n})"]

# Runs in every document before the page's own scripts (Playwright's init script: no CSP applies).
INIT_SCRIPT = """
window.__xss = function (tag) {
  (window.__xssRan = window.__xssRan || []).push(String(tag));
  try { console.log("XSS-" + tag); } catch (error) {}
};
"""

# After load: what ran, and markup that would run on the next event or click (an injected handler
# or javascript: URL that has not fired yet, a script element the payload created).
SCAN_SCRIPT = r"""
() => {
  const urlAttributes = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster",
                                 "background", "ping", "cite", "srcdoc"]);
  const jsonTypes = new Set(["application/ld+json", "application/json", "importmap"]);
  const found = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value;
        if (!value.includes("__xss")) continue;
        if (name.startsWith("on")) {
          found.push(`handler ${name} on <${element.localName}>: ${value}`);
        } else if (urlAttributes.has(name)
                   && /^(javascript:|vbscript:|data:text\/html)/i.test(value.replace(/[\u0000-\u0020]/g, ""))) {
          found.push(`script URL in ${name} of <${element.localName}>: ${value}`);
        } else if (name === "srcdoc") {
          found.push(`srcdoc of <${element.localName}>: ${value}`);
        } else if (element.localName === "meta" && name === "content" && /url\s*=\s*javascript:/i.test(value)) {
          found.push(`meta refresh to javascript: ${value}`);
        }
      }
      if (element.localName === "script" && !jsonTypes.has((element.type || "").toLowerCase())
          && element.textContent.includes("__xss")) {
        found.push(`script element: ${element.textContent.slice(0, 200)}`);
      }
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  const source = document.documentElement ? document.documentElement.outerHTML : "";
  const text = document.body ? document.body.innerText : source;
  const seen = new Set();
  for (const match of (source + "\n" + text).matchAll(/__xss[(`](\d+)/g)) seen.add(match[1]);
  return {
    ran: window.__xssRan || [],
    seen: [...seen],
    markup: found,
    templateEvaluated: /1007\d{4}\$\{__xss/.test(text),
  };
}
"""


@dataclass
class Placement:
    tag: int
    field: str
    payload: str


@dataclass
class Corpus:
    """Hands out payloads with fresh tags and remembers where each tag went."""

    placements: dict[str, Placement] = field(default_factory=dict)
    _next_tag: int = 100
    _queues: dict[str, list[int]] = field(default_factory=dict)

    def fill(self, field_key: str, max_length: int | None = None, *, names: list[str] | None = None,
             separator: str = " ") -> str:
        """As many payloads as fit in `max_length`, continuing where this field's last value stopped,
        so that a few records together carry every payload through a short field."""
        order = [i for i, (name, _) in enumerate(PAYLOADS) if names is None or name in names]
        queue = self._queues.setdefault(field_key, [])
        parts: list[str] = []
        length = 0
        misses = 0
        while max_length is not None or len(parts) < len(order):
            if not queue:
                queue.extend(order)
            name, template = PAYLOADS[queue[0]]
            extra = len(template.replace("{n}", str(self._next_tag))) + (len(separator) if parts else 0)
            if max_length is not None and length + extra > max_length:
                if parts:
                    break  # it starts the field's next value
                queue.pop(0)  # too long for this field even alone
                misses += 1
                if misses > 2 * len(order):
                    return ""
                continue
            queue.pop(0)
            parts.append(self.place(field_key, name, template))
            length += extra
        return separator.join(parts)

    def url(self, field_key: str, index: int = 0) -> str:
        return self.place(field_key, "url", URL_PAYLOADS[index % len(URL_PAYLOADS)])

    def email(self, field_key: str, index: int = 0) -> str:
        return self.place(field_key, "email", EMAIL_PAYLOADS[index % len(EMAIL_PAYLOADS)])

    def contentstate(self, field_key: str) -> str:
        """A rich-text field's value as Draftail submits it: payload text, and links with payload hrefs."""
        entity_map = {
            str(index): {"type": "LINK", "mutability": "MUTABLE",
                         "data": {"url": self.place(f"{field_key} (link href)", "rich-text-href", href)}}
            for index, href in enumerate(RICH_TEXT_HREFS)
        }
        links = {"key": "links", "type": "unstyled", "depth": 0, "text": "länk " * len(RICH_TEXT_HREFS),
                 "inlineStyleRanges": [], "data": {},
                 "entityRanges": [{"offset": i * 5, "length": 4, "key": i} for i in range(len(RICH_TEXT_HREFS))]}
        text = {"key": "text", "type": "unstyled", "depth": 0, "text": self.fill(field_key),
                "inlineStyleRanges": [], "entityRanges": [], "data": {}}
        return json.dumps({"blocks": [links, text], "entityMap": entity_map})

    def place(self, field_key: str, name: str, template: str) -> str:
        """`template` with a fresh tag, recorded as placed in `field_key`."""
        tag = self._next_tag
        self._next_tag += 1
        self.placements[str(tag)] = Placement(tag, field_key, name)
        return template.replace("{n}", str(tag))

    def describe(self, tag: str) -> str:
        placement = self.placements.get(str(tag))
        return f"{placement.payload} in {placement.field}" if placement else f"unknown tag {tag}"
