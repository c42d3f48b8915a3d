"""Normalization: the matching form of a word, never shown and never stored as text.

``normalize_arabic``, in order:

1. NFKC, per token so offsets survive: presentation forms from reshaped or PDF
   text, lam-alef ligatures and compatibility digits become base letters; NFKC's
   canonical composition also puts a combining hamza (U+0654/U+0655) onto its
   seat (ا+ٔ → أ, و+ٔ → ؤ, ي+ٔ → ئ); ى+ٔ, which Unicode does not compose, → ئ.
2. Diacritics (U+0610–061A, U+064B–065F, U+0670, U+06D6–06ED), tatweel, bidi
   controls and zero-width characters are removed.
3. Letters fold: أ إ آ ٱ → ا; ى → ي; ة → ه; Persian and Urdu letters to the
   Arabic letter Arabic spelling uses (ی ې ۍ ے → ي, ک ڪ گ ڭ → ك, ہ ھ ە ۀ ۃ → ه,
   پ → ب, چ → ج, ژ → ز, ڤ ڥ → ف); Arabic-Indic and Persian digits → 0-9;
   Latin is lowercased.

Hamza seats: ؤ and ئ both fold to a bare ء; they do not fold to و and ي.
Measured on the ANT corpus (31,523 articles): folding the seats to ء merges
400 groups of spellings, nearly all true variants (زملاؤه/زملائه/زملاءه is one
word in three cases; مسؤول/مسئول, شؤون/شئون, شيء/شيئ), the one confusion in the
top 60 being بئر/بؤر. Folding ؤ→و, ئ→ي merges 341 groups, about half of them
different words (فيه/فئه, ولايه/ولائه, شي "Xi"/شئ, زايد/زائد, الهادي/الهادئ),
and still leaves مسؤول ≠ مسئول. The rare hamza-less spelling مسوول stays apart.
"""

import re
import unicodedata

from .tokens import ARABIC_MARKS

_REMOVED = re.compile(
    f"[{ARABIC_MARKS}\u0640\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_FOLDS = str.maketrans(
    {
        **dict.fromkeys("أإآٱٲٳ", "ا"),
        **dict.fromkeys("ؤئۓ", "ء"),
        **dict.fromkeys("ىیېۍێے", "ي"),
        **dict.fromkeys("کڪگڭ", "ك"),
        **dict.fromkeys("ہھەۀۂۃة", "ه"),
        **dict.fromkeys("ڤڥ", "ف"),
        "پ": "ب",
        "چ": "ج",
        "ژ": "ز",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)


def normalize_arabic(word: str) -> str:
    """The matching form of a word (or of a whole text; offsets are then lost).

    >>> normalize_arabic("الإمارات") == normalize_arabic("الامارات")
    True
    >>> normalize_arabic("ﻻ مسؤولية")
    'لا مسءوليه'
    """
    word = unicodedata.normalize("NFKC", word.replace("\u0649\u0654", "\u0626"))
    return _REMOVED.sub("", word).translate(_FOLDS).lower()
