"""Pages a shared cache (the nginx in front of the app) may keep and give to every anonymous visitor.

A view opts in with `@shared_cache(max_age)` (or `mark_shared(response, max_age)`).
`SharedCacheMiddleware` then marks the response shareable only when nothing on the
response is personal: the visitor is anonymous, the request is a GET/HEAD, the status is 200,
no cookie is set, and the Content-Security-Policy carries no nonce (a shared nonce would be
no protection). Anything else is left alone, and signed-in users get `private`.

Shareable means `Cache-Control: public, max-age=0, s-maxage=N` plus `X-Accel-Expires: N` (which
nginx obeys before Cache-Control, and strips): the proxy keeps the page N seconds, while browsers
ask again on every visit, so a resident who reloads after a status change never sees their own
browser's older copy. Staleness is bounded by N: keep it short where freshness matters (SOT status).

A shared response always says `Vary: Accept-Language, Cookie`: LocaleMiddleware renders a page in the
language of the `django_language` cookie if there is one, else of Accept-Language, so a cache must key
on both, or one visitor's English page is given to the next, Swedish, visitor. (Vary: Cookie used to
come by accident, from a middleware that happened to read the session.) Vary rather than "never share
pages rendered under the cookie": that alone would not stop a cache from handing the cookie visitor
the page stored for someone without one, and Vary holds for any shared cache, not only our nginx.
It keeps the cache effective where it counts: visitors without cookies, the common anonymous Swedish
resident, share one copy per Accept-Language value, and those whose only cookie is the language
choice share one per language; only visitors with other cookies (csrftoken after a form page) get
copies of their own, which nginx evicts when unused (inactive=10m).
"""
from functools import wraps

from django.utils.cache import patch_cache_control, patch_vary_headers

_ATTRIBUTE = "shared_cache_max_age"


def mark_shared(response, max_age: int):
    setattr(response, _ATTRIBUTE, max_age)
    return response


def shared_cache(max_age: int):
    """View decorator (use with method_decorator on class-based views' dispatch)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return mark_shared(view(request, *args, **kwargs), max_age)

        return wrapper

    return decorator


def shareable(request, response) -> bool:
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    if response.cookies or response.has_header("Cache-Control"):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def apply_cache_policy(request, response):
    max_age = getattr(response, _ATTRIBUTE, None)
    if max_age is not None and shareable(request, response):
        patch_cache_control(response, public=True, max_age=0, s_maxage=max_age)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))  # the language follows both (see above)
        response["X-Accel-Expires"] = str(max_age)
    elif getattr(request, "user", None) is not None and request.user.is_authenticated \
            and not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True)
    return response
