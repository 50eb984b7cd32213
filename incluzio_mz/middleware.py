"""A limit on the size of a request body, checked before anything reads it (issue 15, docs/SECURITY.md).

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and gunicorn has no body limit, so a request
that announces more than MAX_REQUEST_BODY_BYTES is refused here with a Dutch page (413) before its body is read.
A proxy in front should refuse it even earlier (client_max_body_size, docs/OPERATIONS.md).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def too_large_response(request: HttpRequest, status: int = 413) -> HttpResponse:
    return render(request, "413.html", {"max_bytes": settings.MAX_REQUEST_BODY_BYTES}, status=status)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            response = too_large_response(request)
            response["Connection"] = "close"  # the unread body must not be taken for the next request
            return response
        return self.get_response(request)
