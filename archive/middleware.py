"""A strict Content-Security-Policy for the public pages, and a
Permissions-Policy for every response.

The pages load nothing from other hosts and have no inline scripts or styles,
so the browser can be told to refuse anything else: a page that starts loading
a font from a CDN, or an injected script, fails loudly instead of silently.
The admin is left out: Django's admin widgets use inline style attributes.

Django's SecurityMiddleware sends the other security headers (settings in
archive/settings/base.py) but has no setting for Permissions-Policy: the
small middleware below sends it.
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


# The archive uses none of the browser's sensors, devices or payments: a page
# (or a script injected into one) may not ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
