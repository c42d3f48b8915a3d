"""The pages load everything from the app itself: no font, style or script from afar."""

from urllib.parse import urlsplit

import pytest

from tests.factories import make_statement

pytestmark = pytest.mark.browser


def test_no_request_leaves_the_apps_host(page, live_server, requests_made):
    statement = make_statement("تواصل قوّاتُنا تقدّمها", title="بيان القيادة")
    for path in ("/", statement.get_absolute_url() + "?q=قوات", "/en/"):
        page.goto(path, wait_until="networkidle")
    app = urlsplit(live_server.url)[:2]
    elsewhere = [url for url in requests_made if urlsplit(url)[:2] != app]
    assert elsewhere == []
    assert any(url.endswith(".css") for url in requests_made)
