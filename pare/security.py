"""Security plumbing shared by the whole site: response headers, staff sessions, client address."""

import time

from django.conf import settings
from django.contrib.auth import logout

from pare.accounts import LOGIN_TIME_KEY


class CrossOriginResourcePolicyMiddleware:
    """Keep pages from being embedded by other sites' no-cors requests (Spectre-style leaks)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class SessionLimitMiddleware:
    """Log staff out once their session is older than SESSION_ABSOLUTE_AGE, however active.

    Inactivity is handled by Django itself (SESSION_SAVE_EVERY_REQUEST and SESSION_COOKIE_AGE).
    Requests without a session cookie (the public) are left untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            started = request.session.get(LOGIN_TIME_KEY)
            if started is None:
                request.session[LOGIN_TIME_KEY] = time.time()
            elif time.time() - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
        return self.get_response(request)


def client_ip(request):
    """The client's address: the peer's, or the one the trusted reverse proxies recorded.

    With TRUSTED_PROXY_COUNT proxies in front, each appends the address it saw to
    X-Forwarded-For; the client's is the one the outermost proxy added. Whatever the client
    wrote in that header itself comes before it and is ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
