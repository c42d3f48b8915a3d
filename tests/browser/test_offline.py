"""The pages load everything from the app itself: no font, style or script from afar."""

from urllib.parse import urlsplit

import pytest

from tests.factories import small_archive

from .archive import main_pages

pytestmark = pytest.mark.browser


def test_no_request_leaves_the_apps_host(page, live_server, requests_made):
    for path in main_pages(small_archive()).values():
        for prefix in ("", "/en"):
            page.goto(prefix + path, wait_until="networkidle")
    app = urlsplit(live_server.url)[:2]
    elsewhere = [url for url in requests_made if urlsplit(url)[:2] != app]
    assert elsewhere == []
    assert any(url.endswith(".css") for url in requests_made)
    assert any(url.endswith(".woff2") for url in requests_made)
