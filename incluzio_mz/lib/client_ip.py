"""The visitor's address for the public forms' rate limit (django-ratelimit's RATELIMIT_IP_META_KEY).

Behind the reverse proxy every request comes from the proxy, so REMOTE_ADDR is the same for all visitors. The
proxy appends the address it saw to X-Forwarded-For; whatever the client itself put in that header stands to the
left of it and can be anything. So the header is read only when settings.TRUSTED_PROXY_COUNT says how many proxies
we trust (docs/OPERATIONS.md, "Reverse proxy"): with N trusted proxies the client is the Nth address from the right.

- TRUSTED_PROXY_COUNT = 0 (the default): REMOTE_ADDR only; the header is never read.
- A missing header, fewer than N entries, or an entry that is not an IP address: REMOTE_ADDR. Never an error.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# When not even REMOTE_ADDR is an address (a Unix socket without a proxy header): one shared bucket, not a 500.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a rate-limit key, nothing binds to it


def _valid(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    remote = _valid(str(request.META.get("REMOTE_ADDR") or "")) or UNKNOWN_ADDRESS
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    entries = [entry.strip() for entry in header.split(",")] if header.strip() else []
    if len(entries) < count:
        return remote
    return _valid(entries[-count]) or remote
