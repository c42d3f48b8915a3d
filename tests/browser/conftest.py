"""Browser tests: pytest-playwright drives Debian's Chromium against the live app.

Write a browser test in ``tests/browser/`` like this::

    pytestmark = pytest.mark.browser

    def test_the_list_links_to_the_statement(page):
        statement = make_statement("نص البيان", title="بيان القيادة")
        page.goto("/")
        page.get_by_role("link", name="بيان القيادة").click()
        expect(page.locator("h1")).to_have_text("بيان القيادة")

What each test gets:

- ``page`` (from pytest-playwright): a new page in a new browser context, in
  the one Chromium of the session. ``page.goto("/")`` is relative to the live
  server (``base_url`` below); ``/en/...`` is the English interface. ``context``
  and ``new_context`` are there too, for a second page or other context options.
- ``live_server`` (pytest-django): the app in a thread, serving this test's
  data and search index. Make data in the test with ``tests.factories``: a test
  that uses the live server has a transactional database, so each save is
  committed and indexed at once, where the server's thread sees it. The server
  answers each request in a new thread, whose haystack connection opens the
  index that the autouse ``search_index`` fixture chose for this test.
- ``requests_made``: every URL the test's pages requested, in order.
- Helpers to import: ``tests.browser.axe.axe_violations(page)`` (axe-core's
  serious and critical violations, one readable line each) and
  ``tests.browser.screenshots.save_screenshot(page, name)``.

How the run is set up:

- Chromium is ``/usr/bin/chromium`` (``ARCHIVE_CHROMIUM`` overrides), launched
  with ``chromium.CHROMIUM_ARGS``. When it is missing the browser tests skip,
  saying why, unless ``ARCHIVE_REQUIRE_BROWSER=1`` (``.ci/run``): then they fail.
- Browser tests run after all the others. Playwright's sync API leaves an
  asyncio loop running in the main thread from its start to the end of the
  session, and Django refuses database access from a thread with a running
  loop (microsoft/playwright-python#2628) unless ``DJANGO_ALLOW_ASYNC_UNSAFE``
  is set; it is set from the first browser test on, so the tests before them
  keep Django's check.
- Pages that fail leave a screenshot in ``test-artifacts/playwright/``
  (pytest-playwright's ``--output`` and ``--screenshot`` in pyproject.toml).
"""

import pytest

from .chromium import (
    CHROMIUM_ARGS,
    browser_required,
    chromium_path,
    missing_chromium_reason,
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last (see the module docstring); the order is otherwise kept."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session", autouse=True)
def chromium():
    """The Chromium to launch; skips (or, when required, fails) the test without it."""
    path = chromium_path()
    if path.exists():
        return path
    if browser_required():
        pytest.fail(
            f"ARCHIVE_REQUIRE_BROWSER is set and {missing_chromium_reason(path)}",
            pytrace=False,
        )
    pytest.skip(missing_chromium_reason(path))


@pytest.fixture(scope="session", autouse=True)
def django_in_playwright_loop(chromium):
    """Let Django touch the database while Playwright's loop runs (module docstring)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium):
    return {
        **browser_type_launch_args,
        "executable_path": str(chromium),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in ``page.goto`` go to the live server."""
    return live_server.url


@pytest.fixture
def requests_made(context) -> list[str]:
    """The URL of every request any page of this test's context makes, in order."""
    urls = []
    context.on("request", lambda request: urls.append(request.url))
    return urls
