"""Arabic text analysis: one tokenizer, normalizer and stemmer for the whole archive.

Indexing, queries, highlighting, duplicate hashes and alias lookup all go through
this module, so they cannot drift apart. Text is never changed: every token carries
its offsets into the original, and normalization is for matching only.

Normalization (``normalize_arabic``), in order:

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

Stemmed analysis (``index_terms``, ``ArabicAnalyzer``), per token: normalize →
drop stopwords → strip prefixes (و ف, then ب ك ل, then ال; لل is ل+ال) → fold
spelling variants (after the prefixes, so لأميركا meets أمريكا) → broken-plural
dictionary → strip one pronoun suffix → broken-plural dictionary again (so
بسجونهم → سجن) → strip one ending → fold the stems of spelling variants (so
الأميركيين meets الأمريكيين). Latin words (a-z) get the Porter2 stemmer.

Guards against over-stemming: a prefix letter is stripped only if at least three
letters remain (two after ال); a clitic before ال only together with the article
(بالغ, والد stay whole); and never from a *known* word, one in the data files or in
``_PROTECTED``, even with a suffix (وزير, وزيرها, فلسطين, بريطانيا, لبنان, الله).
Known words also stop stripping part-way: لبريطانيا → بريطانيا. Suffixes leave at
least three letters (four for ان, which ends many names: لبنان, سلمان, شعبان), and
a few names are kept whole (``_KEPT_WHOLE``: حماة is not حماية). On the ANT corpus,
the attached forms (و ف ب ل ك ال وال بال لل + word) of frequent words get the
word's own term for 98.0% of their weight, against 94.0% without the known words.

The exact analysis (``exact_terms``, ``ArabicExactAnalyzer``) is normalization
only, with no stopwords removed, for quoted phrases.
"""

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.snowball.english import EnglishStemmer

DATA_DIR = Path(__file__).resolve().parent / "data"

# ---------------------------------------------------------------- tokenizing

_ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_JOINERS = "\u200c\u200d\ufeff"  # ZWNJ, ZWJ and ZWNBSP sit inside words


def _char_class(keep: Callable[[str], bool], ranges: str) -> str:
    """The code points in ``ranges`` (low-high pairs) that ``keep``, as a class."""
    spans: list[list[int]] = []
    for low, high in zip(ranges[::2], ranges[1::2], strict=True):
        for code in range(ord(low), ord(high) + 1):
            if not keep(chr(code)):
                continue
            if spans and spans[-1][1] == code - 1:
                spans[-1][1] = code
            else:
                spans.append([code, code])
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)


def _is_arabic_word_start(char: str) -> bool:
    # Presentation forms count whole (their symbols are pieces of words), except
    # the ornate parentheses; tatweel and the Quranic small waw/yeh only continue.
    if "\ufb50" <= char <= "\ufefe":
        return char not in "\ufd3e\ufd3f"
    return char.isalnum() and char not in "\u0640\u06e5\u06e6"


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


# Arabic letters live in these blocks (as low-high pairs of code points).
_BLOCKS = "\u0600\u06ff\u0750\u077f\u0870\u08ff\ufb50\ufdff\ufe70\ufefe"
_ARABIC = re.compile(f"[{_char_class(bool, _BLOCKS)}]")


def _is_other_mark(char: str) -> bool:
    return _is_mark(char) and not _ARABIC.match(char)


_AR_START = _char_class(_is_arabic_word_start, _BLOCKS)
_AR_MORE = _char_class(_is_mark, _BLOCKS) + _ARABIC_MARKS + "\u0640\u06e5\u06e6"
_MARKS = _char_class(_is_other_mark, "\u0300\uffff")
_OTHER = rf"[^\W_{_char_class(bool, _BLOCKS)}]"
# Arabic and other scripts form separate runs, so لCNN is ل + CNN.
_TOKEN = re.compile(
    f"[{_AR_START}][{_AR_START}{_AR_MORE}{_JOINERS}]*"
    f"|{_OTHER}(?:{_OTHER}|[{_MARKS}{_JOINERS}])*"
)


def tokenize(text: str) -> Iterator[tuple[str, int, int]]:
    """The words of ``text`` with their offsets: ``text[start:end] == word``.

    Words keep their diacritics, tatweel and ZWNJ; punctuation, symbols and
    whitespace separate them.

    >>> list(tokenize("قوّاتُ «الأمن»، CNN"))
    [('قوّاتُ', 0, 6), ('الأمن', 8, 13), ('CNN', 16, 19)]
    """
    # findall + find is faster than finditer's match objects, and exact: any
    # character that can start a word starts a match, so no word begins between
    # two matches and a word's first occurrence after the last one is its match.
    end = 0
    for word in _TOKEN.findall(text):
        start = text.find(word, end)
        end = start + len(word)
        yield word, start, end


# ------------------------------------------------------------- normalizing

_REMOVED = re.compile(
    f"[{_ARABIC_MARKS}\u0640\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
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


def normalized_text(text: str) -> str:
    """The normalized words of ``text`` joined by single spaces.

    >>> normalized_text("قوّاتُ  الأمن،  اليوم") == "قوات الامن اليوم"
    True
    """
    return " ".join(term for term, _, _ in exact_terms(text))


# ---------------------------------------------------------------- the lexicon

# Frequent words whose first letter looks like a clitic (و ف ب ك ل, ال) but is
# part of the word, found on the ANT corpus by comparing each word's stem with the
# stem of its article form. Names with spelling variants are known through
# spelling_variants.tsv, and plurals and singulars through broken_plurals.tsv.
_PROTECTED_WORDS = """
    الله فريق لاعب بيان بطوله وكاله فتره فرنسا كبيره فيديو وزاره ولايه وصول كثيره
    فلسطيني لقاء كامل وحده واقعه وجود بريطانيه بناء بدايه فيفا واحد كبري فساد
    لعب كره لحظه فرصه كتابها كلمه بقاء التزام واشنطن كاميرا الكترونيه كيماويه وصفه
    واضحه باحثون وحيد واردات كيمياءيه المانيه بشريه وفاه وديه فضاء كوري بيءه فارق
    وطنيه بارز كهرباءيه فعاليات فوزه بعثه فورا فرار العاب كبار فنان بديل وقوف بالغه
    بطاقه فنيه لبنان كافه والده واصل كوريا وقود واسعه وصفت لجوء بنيه ليره برشلونه
    لاجء كيانات وجهت بريطانيا كاتب كندا وقوع فيروس بيضاء فرضت كلام كليه بلجيكا كميات
    بورصه بعيد وصلت لوحه وقعت وليد باريس فوضي كونه وجبه بطاريه بركان كاذبه بريد
    لقطات كتله ليبيه بوابه فاعله فعلا فازت لافتات بحوث برازيلي وقاءع فيضانات وساطه
    كريم ولاده وجدت فيديوهات فرانس واجهه فاشله وضوح وضعت بقيه فريد بلوغ واجه وحشيه
    وتيره كفاءه كيمياويه كيفيه كراهيه بكتيريا كثافه اليات بايرن باقي بارده وافق
    براءه كثيف كلاسيكو بسيطه بيرو فلسطين كوبا بريه فقدت فقدان ولاء كرامه فتحت كرات
    وفيات فلبينيه لهجه بترول فرضها فيصل فاءقه بحيره وافقت بطاله بنود واجب بلاغ كرويه
    واعده برمجيات وراء واصلت لاحق فاءض وفاء كويتي بالونات وداع كلفه لقاح وصيف فرحه
    كثره فاخره فجوه بدنيه فشلت كيلو واجهت فراغ لندن لازمه وشيك لمس بازار كفاله البوم
    وفاق كوادر فحوصات فيلق بشير بصمه بلوك بلاستيكيه الات كولونيل فنزويلا بيعها
    كوميدي وجدوا بغداد بيروت بنغازي فلوريدا كابول لاهاي ليبيا برلين بكين فيينا
    كولومبيا كينيا كرواتيا بولندا بلغاريا بوليفيا فنلندا كمبوديا كشمير كردستان كركوك
    كربلاء باكستان بورما كاليفورنيا فيلادلفيا بومبيو بشار بنيامين لافروف ليبرمان
    فلاديمير كافانو بوريس لودريان فرانسوا فيليب كارلوس كريستيانو كلوب ليونيل لوكاكو
    بنزيمه كوتينيو كافاني كورتوا كيليان بوفون فيدرر ليستر فيورنتينا فياريال فوربس
    فوكس واينستين برانسون برونسون باراك كوهين كوبر فبراير كانون وزارات وحدات ولد وطن
    وقت وسط وفق وقف بلده بلديه فتح بدا بدات المانيا
"""
# Names that look inflected and would otherwise fall onto a frequent word: حماة
# onto حماية, درعا onto درع, صعدة onto صعد, الحديدة onto حديد, النصرة onto نصر,
# بوتين onto بوت. They are kept whole: no prefix or suffix is stripped from them.
_KEPT_WHOLE = frozenset(["حماه", "درعا", "صعده", "الحديده", "النصره", "بوتين"])
_PROTECTED = frozenset(_PROTECTED_WORDS.split()) | _KEPT_WHOLE


class Lexicon(NamedTuple):
    """The data files, normalized: stopwords, variant and plural maps, known words."""

    stopwords: frozenset[str]
    variants: dict[str, str]
    stem_variants: dict[str, str]
    plurals: dict[str, str]
    known: frozenset[str]
    known_stems: frozenset[str]

    def is_known(self, word: str) -> bool:
        """Whether ``word`` is a known word, perhaps with a suffix (وزيرها)."""
        return word in self.known or strip_suffixes(word) in self.known_stems


def read_pairs(name: str) -> list[tuple[str, str]]:
    """Rows of a two-column TSV in ``statements/data``, skipping ``#`` comments."""
    rows = []
    lines = (DATA_DIR / name).read_text("utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) != 2:
                msg = f"{name} line {number}: expected 'word<TAB>word', got {line!r}"
                raise ValueError(msg)
            rows.append((fields[0].strip(), fields[1].strip()))
    return rows


def read_words(name: str) -> list[str]:
    """The words of a one-word-a-line file in ``statements/data``."""
    lines = (DATA_DIR / name).read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and line[0] != "#"]


def _normalized_pairs(name: str) -> dict[str, str]:
    return {normalize_arabic(a): normalize_arabic(b) for a, b in read_pairs(name)}


def _is_telling_stem(stem: str) -> bool:
    # A known stem also protects its suffixed forms (وزيرها), unless it is so
    # short that ال + a letter or two + suffix would match it: الله's stem الل
    # would keep اللون (ال + لون) whole.
    return len(stem) >= (5 if stem.startswith("ال") else 3)


@functools.cache
def lexicon() -> Lexicon:
    """The data files, read and normalized once, at first use."""
    variants = _normalized_pairs("spelling_variants.tsv")
    plurals = _normalized_pairs("broken_plurals.tsv")
    known = _PROTECTED.union(variants, variants.values(), plurals, plurals.values())
    return Lexicon(
        stopwords=frozenset(map(normalize_arabic, read_words("stopwords_ar.txt"))),
        variants=variants,
        stem_variants={
            strip_suffixes(variant): strip_suffixes(canonical)
            for variant, canonical in variants.items()
            if strip_suffixes(variant) != strip_suffixes(canonical)
        },
        plurals={
            plural: strip_suffixes(variants.get(singular, singular))
            for plural, singular in plurals.items()
        },
        known=known,
        known_stems=frozenset(
            stem
            for stem in map(strip_suffixes, known - _KEPT_WHOLE)
            if _is_telling_stem(stem)
        ),
    )


# ----------------------------------------------------------------- stemming


def _strip_clitic(word: str, letters: str, is_known: Callable[[str], bool]) -> str:
    """``word`` without one leading letter of ``letters``, where that is safe."""
    if len(word) < 4 or word[0] not in letters or is_known(word):
        return word
    rest = word[1:]
    # A clitic before ال goes only together with the article: بالغ stays.
    if rest.startswith("ال") and len(rest) < 4:
        return word
    return rest


def _strip_article(word: str, is_known: Callable[[str], bool]) -> str:
    if word.startswith("ال") and len(word) >= 4 and not is_known(word):
        return word[2:]
    return word


def strip_prefixes(word: str, is_known: Callable[[str], bool]) -> str:
    """``word`` without its conjunction, preposition and article, in that order.

    >>> strip_prefixes("فبالنسبه", lexicon().is_known)
    'نسبه'
    >>> strip_prefixes("لبريطانيا", lexicon().is_known)
    'بريطانيا'
    """
    rest = _strip_clitic(word, "وف", is_known)
    if rest.startswith("لل") and not is_known(rest):
        # ل before ال drops the alef (للامن), unless the word itself starts
        # with ل (للبنان is ل + لبنان).
        if is_known(rest[1:]) or len(rest) < 4:
            return rest[1:] if len(rest) >= 4 else rest
        return rest[2:]
    return _strip_article(_strip_clitic(rest, "بكل", is_known), is_known)


# Suffix → letters the stem must keep. Looked up by the last three, two and one
# letters, so the longest suffix that leaves enough of the word wins. ته is ة + ه
# (حكومته); ان keeps four letters because it ends many names (لبنان, سلمان).
_PRONOUNS = dict.fromkeys(("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها"), 3)
_ENDINGS = {
    **dict.fromkeys(("يين", "يون", "يات", "تين", "تان"), 3),
    **dict.fromkeys(("ات", "ون", "ين", "ته", "يه", "وا", "ه", "ي", "ا"), 3),
    "ان": 4,
}


def _strip_one(word: str, suffixes: dict[str, int]) -> str:
    for size in (3, 2, 1):
        keep = suffixes.get(word[-size:])
        if keep is not None and len(word) - size >= keep:
            return word[:-size]
    return word


def strip_pronoun(word: str) -> str:
    """``word`` without one attached pronoun; ة, written ت before it, comes back.

    >>> strip_pronoun("حكومتها"), strip_pronoun("بيتها"), strip_pronoun("مهم")
    ('حكومه', 'بيت', 'مهم')
    """
    stem = _strip_one(word, _PRONOUNS)
    if stem != word and stem[-1] == "ت" and stem[-2] != "ا" and len(stem) >= 4:
        return stem[:-1] + "ه"
    return stem


def strip_ending(word: str) -> str:
    """``word`` without one inflectional ending (plural, dual, ة, nisba, tanween).

    >>> [strip_ending(w) for w in ("معتقلين", "معتقلي", "قوات", "دوله")]
    ['معتقل', 'معتقل', 'قوات', 'دول']
    """
    return _strip_one(word, _ENDINGS)


def strip_suffixes(word: str) -> str:
    """``word`` without a pronoun and an ending: ``strip_ending(strip_pronoun(w))``."""
    return strip_ending(strip_pronoun(word))


_ENGLISH = EnglishStemmer()


def light_stem(term: str) -> str:
    """The index term of a normalized word: prefixes, plurals and suffixes removed.

    >>> [light_stem(w) for w in ("وللامن", "بسجونهم", "المعتقلين", "statements")]
    ['امن', 'سجن', 'معتقل', 'statement']
    """
    if not term or not "\u0600" <= term[0] <= "\u06ff":
        return _ENGLISH.stem(term) if "a" <= term[:1] <= "z" else term
    lex = lexicon()
    core = strip_prefixes(term, lex.is_known)
    core = lex.variants.get(core, core)
    if core in _KEPT_WHOLE:
        return core
    if core in lex.plurals:
        return lex.plurals[core]
    core = strip_pronoun(core)
    if core in lex.plurals:
        return lex.plurals[core]
    stem = strip_ending(core)
    return lex.stem_variants.get(stem, stem)


def stem_alternatives(term: str) -> list[str]:
    """The index terms a normalized query word may stand for, its light stem first.

    Light stemming has to guess whether a first و ف ب ل ك is a particle, and
    the guess depends on the article: الفتاكة keeps its ف (فتاك) where a bare
    فتاكة loses it (تاك). A query word therefore also stands for the stems of
    its letters without the article, and without any prefix stripped.

    >>> stem_alternatives("فتاكه")
    ['تاك', 'فتاك', 'فتاكه']
    """
    bare = term[2:] if term.startswith("ال") and len(term) > 4 else term
    found = [light_stem(term), light_stem(bare), strip_suffixes(bare), bare]
    return list(dict.fromkeys(t for t in found if t))


# ---------------------------------------------------------------- analyses


class Word(NamedTuple):
    """One normalized word of a token: its exact form, its stem, whether stopped."""

    exact: str
    stem: str
    stopped: bool


def _analyze(token: str) -> tuple[Word, ...]:
    stopwords = lexicon().stopwords
    return tuple(
        Word(word, word, True)
        if word in stopwords
        else Word(word, light_stem(word), False)
        # NFKC can turn one token into several words (ﷺ) or put a non-word
        # character inside (¼ → 1⁄4): split the normalized token again.
        for word in _TOKEN.findall(normalize_arabic(token))
    )


class _TokenCache(dict[str, tuple[Word, ...]]):
    """Analyses by surface token. News vocabulary is Zipfian, so most tokens are
    seen before; a plain dict because a hit then costs one lookup (an lru_cache
    call was about 10% slower per token on the corpus)."""

    limit = 2**18  # about the vocabulary of the 31,523-article ANT corpus

    def __missing__(self, token: str) -> tuple[Word, ...]:
        if len(self) >= self.limit:
            self.clear()  # crude, but the frequent words come straight back
        words = self[token] = _analyze(token)
        return words


_TOKENS = _TokenCache()


def analyze_token(token: str) -> tuple[Word, ...]:
    """The words of one token: usually one, but NFKC can expand a ligature.

    >>> analyze_token("وللأمن")
    (Word(exact='وللامن', stem='امن', stopped=False),)
    """
    return _TOKENS[token]


def index_terms(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) of the stemmed analysis, without stopwords.

    >>> list(index_terms("في سجونهم"))
    [('سجن', 3, 9)]
    """
    for token, start, end in tokenize(text):
        for word in analyze_token(token):
            if not word.stopped:
                yield word.stem, start, end


def exact_terms(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) of the exact analysis: normalized words, stopwords kept.

    >>> list(exact_terms("في سجونِهم"))
    [('في', 0, 2), ('سجونهم', 3, 10)]
    """
    for token, start, end in tokenize(text):
        for word in analyze_token(token):
            yield word.exact, start, end


# ------------------------------------------------------------------- Whoosh


def analyze_whole(value: str) -> tuple[Word]:
    """``value`` analyzed as one word, as Whoosh's parser asks for wildcards.

    >>> analyze_whole("المعتقل*")
    (Word(exact='المعتقل*', stem='معتقل*', stopped=False),)
    """
    exact = normalize_arabic(value)
    if exact in lexicon().stopwords:
        return (Word(exact, exact, True),)
    return (Word(exact, light_stem(exact), False),)


class _ArabicTokenizer(Tokenizer):
    """Whoosh's ``RegexTokenizer`` contract, with this module's analysis.

    One ``Token`` is reused for every word; ``pos`` counts every word, stopwords
    included, so phrase positions keep their gaps; ``startchar``/``endchar`` are
    offsets into the original value (plus ``start_char``); stopwords are yielded
    with ``stopped=True`` when ``removestops`` is false. With ``tokenize=False``
    (how the query parser passes wildcard and prefix text) the value is one word.
    The class holds no state, so schemas that use it pickle to a class reference.
    """

    # Which Word field is the term, and whether stopwords stop: the two analyses
    # differ only in these, and reading them here keeps the loop below fast.
    _field: int
    _stops: bool

    def __eq__(self, other: object) -> bool:
        return other is not None and self.__class__ is other.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            surfaces, analyze = _TOKEN.findall(value), _TOKENS.__getitem__
        else:
            surfaces, analyze = [value] if value else [], analyze_whole
        field, stops, pos, end = self._field, self._stops, start_pos, 0
        for surface in surfaces:
            start = value.find(surface, end)  # see tokenize()
            end = start + len(surface)
            for word in analyze(surface):
                stopped = stops and word[2]
                if not (stopped and removestops):
                    token.text, token.stopped, token.boost = word[field], stopped, 1.0
                    if keeporiginal:
                        token.original = surface
                    if positions:
                        token.pos = pos
                    if chars:
                        token.startchar = start_char + start
                        token.endchar = start_char + end
                    yield token
                pos += 1


class ArabicAnalyzer(_ArabicTokenizer):
    """The stemmed analysis for Whoosh: ``TEXT(analyzer=ArabicAnalyzer())``.

    >>> [(t.text, t.pos) for t in ArabicAnalyzer()("في سجونهم", positions=True)]
    [('سجن', 1)]
    """

    _field, _stops = Word._fields.index("stem"), True


class ArabicExactAnalyzer(_ArabicTokenizer):
    """The exact analysis for Whoosh (normalized words, no stopwords), for phrases.

    >>> [(t.text, t.pos) for t in ArabicExactAnalyzer()("في سجونهم", positions=True)]
    [('في', 0), ('سجونهم', 1)]
    """

    _field, _stops = Word._fields.index("exact"), False
