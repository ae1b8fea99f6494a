"""Security plumbing shared by the whole site: response headers, staff sessions, client address."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control

from pare.accounts import LOGIN_TIME_KEY

# Features no page of the site uses: no script, ours or injected, may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself.

    Permissions-Policy everywhere; Cross-Origin-Resource-Policy on pages, so other sites' no-cors
    requests cannot embed them (Spectre-style leaks); and `private, no-store` on the admin and on
    whatever a logged-in person sees (previews of drafts included), for no shared or browser
    cache to keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if request.path.startswith("/admin/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
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
