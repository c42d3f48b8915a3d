"""axe-core run inside the page, offline: accessibility violations as readable lines.

axe-core's ``axe.min.js`` comes from the ``axe-playwright-python`` package
(installed with the other test tools, pinned in pyproject.toml), so nothing is
fetched from a CDN. Use::

    page.goto("/")
    assert axe_violations(page) == []
"""

import re
from functools import cache
from importlib.resources import files

SERIOUS = ("serious", "critical")


@cache
def axe_script() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_version() -> str:
    """axe-core's version, from the banner of its script (``/*! axe v4.12.1``)."""
    found = re.search(r"axe v(\S+)", axe_script()[:200])
    return found.group(1) if found else "unknown"


def axe_violations(page, impact=SERIOUS) -> list[str]:
    """One line per axe rule the page breaks at one of these impacts, with where.

    The script goes in through ``page.evaluate`` (the DevTools protocol), which
    a Content-Security-Policy on the page does not block.
    """
    page.evaluate(axe_script())
    results = page.evaluate(
        "options => axe.run(document, options)", {"resultTypes": ["violations"]}
    )
    return [
        violation_summary(violation)
        for violation in results["violations"]
        if violation["impact"] in impact
    ]


def violation_summary(violation: dict) -> str:
    """``color-contrast (serious): Elements must meet … at: a.site-name (why)``."""
    places = "; ".join(
        f"{' '.join(map(str, node['target']))} ({node['failureSummary']})"
        for node in violation["nodes"]
    )
    rule = f"{violation['id']} ({violation['impact']}): {violation['help']}"
    # axe's failure summaries run over several indented lines.
    return " ".join(f"{rule} at: {places}".split())
