"""Request-wide rules that no view should have to repeat."""

from django.http import QueryDict

from .text import clean_text


def _cleaned(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned


class CleanInputMiddleware:
    """Every query parameter and form field reaches the views without control characters and
    in NFC (portal/text.py): a NUL in a filter, a search or a text box is dropped, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _cleaned(request.POST)
        return self.get_response(request)
