"""The pages browser tests visit, on the small archive of ``tests.factories``."""


def main_pages(archive: dict) -> dict[str, str]:
    """The pages the issue names, by name: home, browse, search results, statement."""
    return {
        "home": "/",
        "browse": "/statements/",
        "search": "/search/?q=قوات",
        "statement": archive["prisons"].get_absolute_url() + "?q=قوات",
        "actor": archive["sdf"].get_absolute_url(),
    }
