"""Response headers every answer carries, errors included (imported by `security` for the
middleware and by `errors` for error pages, which a crash renders outside the middleware)."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Not "no-referrer": with it Chromium sends `Origin: null` on our own form posts.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def add_security_headers(headers: MutableHeaders) -> None:
    """Set each header the response does not already set (a report page sets a stricter CSP)."""
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
