"""A sound key for foreign names and loanwords: the spellings of one name share it.

Arabic writes a foreign name as it hears it, and writers hear it differently:
G as ج, غ, ك or ق (غوغل, جوجل, قوقل); a long vowel written or left out
(جوزيف, جوزف; ماركوفيتش, ماركوفتش); a final ا, ه or ة (كوريا, كوريه); an alif
after a final و (كوسوفو, كوسوفوا); a doubled letter (موللر, مولر). The key
keeps the first letter and the consonants, folds the G letters to one, and
drops the rest:

    >>> name_key("جوجل") == name_key("غوغل") == name_key("قوقل")
    True
    >>> name_key("ماركوفيتش") == name_key("ماركوفتش")
    True

Many ordinary Arabic words share a key too (كتاب, كتب, قتب), so the key is
for words that look like names: the search applies it to words no statement
writes, or when the words together find nothing, and keeps only the
spellings that occur with the query's other words (``search/variants.py``).
Words are normalized first (``normalize_arabic``), so ة is already ه.
"""

import re

# The letters Arabic uses for a foreign G (and the K and Q it is confused with).
G_LETTERS = "جغكق"
# Long vowels and the hamza, which transliterations write or leave out at will.
VOWELS = "اويء"
LONG_VOWELS = "اوي"
# A name may end in either, or neither (كوريا, كوريه, كوري).
FINALS = "اه"
# Shorter keys (two consonants) join too many unrelated words.
SHORTEST_KEY = 3

_FOLD_G = str.maketrans(dict.fromkeys(G_LETTERS, "ك"))
_DROP_VOWELS = str.maketrans(dict.fromkeys(VOWELS))
# A doubled letter counts once (موللر, مولر), but only when written twice in a
# row, before the vowels go: the key of ماما is not that of ما.
_DOUBLED = re.compile(r"(.)\1+")


def name_key(word: str) -> str:
    """The key of a normalized word (or of words, joined: فيس بوك is فيسبوك).

    >>> name_key("كوسوفوا"), name_key("كوسوفو")
    ('كسف', 'كسف')
    """
    letters = _DOUBLED.sub(r"\1", word.replace(" ", "").translate(_FOLD_G))
    if len(letters) > 1 and letters[-1] == "ه":
        letters = letters[:-1]
    return letters[:1] + letters[1:].translate(_DROP_VOWELS)


def respellings(word: str) -> set[str]:
    """``word`` with one change of those the key ignores: a G letter for
    another, a long vowel written or left out (a final ا after و too), a
    final ا or ه for the other or dropped.

    >>> sorted(respellings("جوزف"))[:3]
    ['اجوزف', 'جاوزف', 'جزف']
    >>> "غوغل" in respellings("جوغل"), "كوسوفوا" in respellings("كوسوفو")
    (True, True)
    """
    found = set()
    for i, letter in enumerate(word):
        if letter in G_LETTERS:
            found.update(word[:i] + g + word[i + 1 :] for g in G_LETTERS)
        if i and letter in LONG_VOWELS:
            found.add(word[:i] + word[i + 1 :])
    found.update(
        word[:i] + vowel + word[i:]
        for i in range(len(word) + 1)
        for vowel in LONG_VOWELS
    )
    if len(word) > 3 and word[-1] in FINALS:
        found.update((word[:-1], word[:-1] + FINALS.replace(word[-1], "")))
    found.discard(word)
    return found
