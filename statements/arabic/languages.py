"""Languages of statements: which are written right to left, and their names.

>>> right_to_left("fa-IR"), right_to_left("en")
(True, False)
"""

from django.utils.translation import gettext_lazy as _

# The languages written right to left, by their primary subtag.
RTL_LANGUAGES = {"ar", "fa", "ur", "ps", "ku", "ckb", "he", "yi", "dv"}

NAMES = {
    "ar": _("Arabic"),
    "en": _("English"),
    "fr": _("French"),
    "ku": _("Kurdish"),
    "tr": _("Turkish"),
    "fa": _("Persian"),
    "ru": _("Russian"),
}


def right_to_left(language: str) -> bool:
    """Whether a language code (``ar``, ``fa-IR``, ``en``) is written right to left."""
    return (language or "").split("-")[0].lower() in RTL_LANGUAGES


def language_name(code: str) -> str:
    """The language's name in the interface language, else its code."""
    return str(NAMES.get(code, code))
