"""Inline content allowed by its hash instead of a nonce.

A nonce differs on every response, so a page carrying one can never be shared by a cache.
A hash names the exact bytes, so the same page (and its Content-Security-Policy header) can be
served to every anonymous visitor. Templates register what they inline; `InlineHashCSPMiddleware`
adds the hashes to the policy.
"""
import base64
import hashlib

from django.utils.safestring import SafeString, mark_safe

_ATTRIBUTE = "_csp_inline_hashes"


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def allow_inline(request, directive: str, content: str) -> SafeString:
    """Register `content` (the exact text between the tags) for `directive`; returns it marked safe.

    Only for text the platform builds itself (theme tokens, the SOT lite page's stylesheet):
    user input must never be inlined this way.
    """
    if request is not None:
        hashes = getattr(request, _ATTRIBUTE, None)
        if hashes is None:
            hashes = {}
            setattr(request, _ATTRIBUTE, hashes)
        hashes.setdefault(directive, set()).add(csp_hash(content))
    return mark_safe(content)


def inline_hashes(request) -> dict[str, list[str]]:
    return {directive: sorted(values) for directive, values in getattr(request, _ATTRIBUTE, {}).items()}
