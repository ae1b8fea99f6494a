"""Security plumbing shared by the whole site: response headers, staff sessions, client address."""


class CrossOriginResourcePolicyMiddleware:
    """Keep pages from being embedded by other sites' no-cors requests (Spectre-style leaks)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
