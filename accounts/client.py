"""The client's address, taken in one place (lockouts, rate limits, the lockout e-mail).

Today REMOTE_ADDR: the web server sees the client directly, or a proxy that it trusts sets it. When the portal
reads the address from a trusted proxy header instead, only this function changes.
"""

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")
