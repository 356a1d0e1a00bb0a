"""The public pages' cache: five minutes per absolute URL, dropped at once when the coordinator
publishes, unpublishes or edits a story, a published model changes (a decision), or an agency,
field or the coordinator is renamed (a generation number stored beside the pages, so nothing
else is flushed).

A stored page is served by ``PublicPageCacheMiddleware`` near the top of the middleware stack,
before sessions, form tokens, users and messages are looked at: the public pages show nobody's
session, so one copy serves everyone, and a hit costs one cache round trip."""

import hashlib
import secrets
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_response_headers

TIMEOUT = 5 * 60
GENERATION_KEY = "showcase:generation"
PAGE_PREFIX = "showcase:page:"
# Left out of a stored page: the site-wide context processors read the session (hence “Vary:
# Cookie”) though a public page prints nothing of it — signed in or not, the page is the same.
DROPPED_HEADERS = ("Set-Cookie", "Vary")


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, lambda: secrets.randbelow(2**62) + 2, None)


def bump():
    """Every cached public page is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Not set, or evicted: a fresh random start, so no page stored under an earlier
        # number can match again.
        cache.set(GENERATION_KEY, secrets.randbelow(2**62) + 2, None)


def public_page(view):
    """Marks the view's answer as the same for everyone, to be kept for TIMEOUT by the cache
    middleware and by browsers."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_response_headers(response, TIMEOUT)
            response.public_page = True
        return response

    return wrapped


def _page_key(request) -> str:
    """The absolute address: the open data and sitemap print links with the scheme and host.
    get_host() also refuses a host not in ALLOWED_HOSTS, as Django would later."""
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()


def _storable(response) -> bool:
    return (
        getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies  # a page that sets a cookie belongs to one visitor
    )


class PublicPageCacheMiddleware:
    """Answers a GET for a stored public page from the cache; stores the public pages it lets
    through. Placed after the security and CSP middleware, so their headers are added to every
    answer, stored or fresh."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._public_paths = None

    def public_paths(self) -> tuple[str, ...]:
        """Where the pages marked ``public_page`` live: the showcase and the sitemap."""
        if self._public_paths is None:
            self._public_paths = (reverse("showcase:list"), reverse("sitemap"))
        return self._public_paths

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path_info.startswith(
            self.public_paths()
        ):
            # Only the public pages are stored: the portal's own pages skip the cache trip.
            return self.get_response(request)
        key = _page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        current, stored = found.get(GENERATION_KEY), found.get(key)
        if current is None:
            # Read before the page is built: a publication meanwhile makes this copy stale.
            current = generation()
        if stored is not None and stored[0] == current:
            _, content_type, headers, content = stored
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if request.method == "GET" and _storable(response):
            # The generation read before the page was built: a publication meanwhile makes
            # this copy stale at once rather than hiding it for five minutes.
            headers = [(k, v) for k, v in response.items() if k not in DROPPED_HEADERS]
            cache.set(key, (current, response["Content-Type"], headers, response.content), TIMEOUT)
        return response


def _names_changed(sender, instance, created, raw=False, **kwargs):
    # Public pages print agency, field and coordinator names: a rename shows at once.
    if not created and not raw:
        transaction.on_commit(bump)


def _published_model_changed(sender, instance, raw=False, **kwargs):
    # A published model decided on (kept, strengthened, removed) or edited shows at once.
    if instance.published and not raw:
        transaction.on_commit(bump)


def connect():
    from initiatives.models import Initiative
    from movements.models import Field
    from portal.models import Agency, Coordinator

    for model in (Agency, Field, Coordinator):
        post_save.connect(_names_changed, sender=model, dispatch_uid=f"showcase.{model.__name__}")
    post_save.connect(
        _published_model_changed, sender=Initiative, dispatch_uid="showcase.Initiative"
    )
