"""How a page looks: screenshots kept as test artifacts, and content cut off sideways.

Screenshots go to ``test-artifacts/screenshots/`` (git-ignored), named by
page, interface language and width: ``statement-ar-360.png``.
"""

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# Elements that stick out of the viewport's left or right edge, where no
# scrolling box of their own holds them. Wholly off-screen elements are left
# out: that is how a skip link hides until it gets the focus.
_STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const inScrollBox = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const found = [];
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= 0 || r.left >= width || inScrollBox(e)) continue;
    if (r.left < -0.5 || r.right > width + 0.5) {
      const name = [e.tagName.toLowerCase(), ...e.classList].join(".");
      found.push(`${name} spans ${Math.round(r.left)}..${Math.round(r.right)} px`);
    }
  }
  return found;
}"""


def save_screenshot(page, name: str) -> Path:
    """Save the whole page as ``NAME-LANG-WIDTH.png`` and return its path."""
    language = page.locator("html").get_attribute("lang")
    width = page.viewport_size["width"]
    path = SCREENSHOTS / f"{name}-{language}-{width}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path


def cut_off_sideways(page) -> list[str]:
    """The elements a reader would have to scroll sideways to see, or cannot see.

    ``["code spans -197..343 px"]``: an element wider than the screen, or
    pushed past its edge, outside any box that scrolls on its own.
    """
    return page.evaluate(_STICKING_OUT)
