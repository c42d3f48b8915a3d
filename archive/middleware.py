"""A strict Content-Security-Policy for the public pages.

The pages load nothing from other hosts and have no inline scripts or styles,
so the browser can be told to refuse anything else: a page that starts loading
a font from a CDN, or an injected script, fails loudly instead of silently.
The admin is left out: Django's admin widgets use inline style attributes.
"""

POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces:
            response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
