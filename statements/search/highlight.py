"""Marking searched words in the original text, exactly where the tokenizer puts them.

The text is analysed with the same functions as the index (``statements.arabic``),
so a word is marked exactly when it would have matched, in its original form,
diacritics and hamza and all: each distinct token of the text is analysed once,
and every place the tokenizer found it is marked (never a string search)::

    >>> terms = QueryTerms(stems=frozenset({"قوه"}))
    >>> snippets("تواصل قوّاتُنا الحرب", terms)
    ['تواصل <mark>قوّاتُنا</mark> الحرب']
    >>> marked_text("<قوّات> الأمن", terms)   # a title: the whole text, escaped
    '&lt;<mark>قوّات</mark>&gt; الأمن'
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..arabic import Word, analyze_token, tokenize
from .query import QueryTerms

SNIPPET_CHARS = 220
MAX_SNIPPETS = 3
ELLIPSIS = "…"
# How much of a long text to read first when looking for snippets.
LEADING_CHARS = 3000


def _marked(analyses: dict[str, tuple[Word, ...]], terms: QueryTerms) -> set[str]:
    """The tokens (keys of ``analyses``) with a word the query matches."""
    stems, prefixes = terms.stems, terms.prefixes
    # Written out flat (not a helper called per word): most of a results page's
    # snippet time is spent here, once per distinct token of every text.
    return {
        surface
        for surface, words in analyses.items()
        for word in words
        if not word.stopped
        and (
            word.stem in stems
            or (prefixes and any(word.stem.startswith(p) for p in prefixes))
        )
    }


def highlight_spans(text: str, terms: QueryTerms) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) character spans of the matched words of ``text``."""
    if not terms:
        return []
    tokens = list(tokenize(text))
    # Each distinct token is analysed and matched once: a text repeats its words.
    analyses = {surface: analyze_token(surface) for surface in {t[0] for t in tokens}}
    marked = _marked(analyses, terms)
    spans = [(start, end) for surface, start, end in tokens if surface in marked]
    if terms.phrases or terms.stem_phrases:
        spans += _phrase_spans(tokens, analyses, terms)
    return _merge(spans)


def _phrase_spans(tokens, analyses, terms: QueryTerms) -> list[tuple[int, int]]:
    """Spans of the runs of words that are one of the phrases of ``terms``."""
    distinct = [w for analysis in analyses.values() for w in analysis]
    present = {w.exact for w in distinct} | {w.stem for w in distinct}
    phrases = [p for p in terms.phrases if present.issuperset(p)]
    stem_phrases = [p for p in terms.stem_phrases if present.issuperset(p)]
    if not phrases and not stem_phrases:
        return []  # a word of each phrase is missing from the text
    words = [
        (word.exact, word.stem, start, end)
        for surface, start, end in tokens
        for word in analyses[surface]
    ]
    spans = _sequences(words, [w[0] for w in words], phrases)
    return spans + _sequences(words, [w[1] for w in words], stem_phrases)


def _sequences(words, forms: list[str], phrases) -> list[tuple[int, int]]:
    """Spans of the runs of ``forms`` equal to one of ``phrases``."""
    spans = []
    for phrase in phrases:
        n = len(phrase)
        starts = [i for i, form in enumerate(forms) if form == phrase[0]]
        spans += [
            (words[i][2], words[i + n - 1][3])
            for i in starts
            if tuple(forms[i : i + n]) == phrase
        ]
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(
    text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None
) -> str:
    """``text[start:end]`` escaped for HTML with each span in ``<mark>``."""
    end = len(text) if end is None else end
    out, position = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out += [escape(text[position:s]), "<mark>", escape(text[s:e]), "</mark>"]
        position = e
    out.append(escape(text[position:end]))
    return "".join(out)


def _word_boundary(text: str, index: int, backwards: bool) -> int:
    """Move ``index`` to the nearest space so a snippet does not cut a word."""
    step = -1 if backwards else 1
    limit = 0 if backwards else len(text)
    for _ in range(30):
        if index == limit or text[index - backwards].isspace():
            return index
        index += step
    return index


def _windows(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for s, e in spans:
        if any(ws <= s and e <= we for ws, we in windows):
            continue
        start = max(0, s - SNIPPET_CHARS // 3)
        end = min(len(text), max(e, start + SNIPPET_CHARS))
        windows.append(
            (
                _word_boundary(text, start, backwards=True),
                _word_boundary(text, end, False),
            )
        )
        if len(windows) == MAX_SNIPPETS:
            break
    return sorted(windows)


def _leading_spans(text: str, terms: QueryTerms) -> list[tuple[int, int]]:
    """Spans enough for the snippets: the opening of a long text when it holds
    them all, the whole text otherwise. Results pages show many long texts."""
    if len(text) > LEADING_CHARS:
        cut = _word_boundary(text, LEADING_CHARS, backwards=True)
        spans = highlight_spans(text[:cut], terms)
        if len(_windows(text, spans)) == MAX_SNIPPETS:
            return spans
    return highlight_spans(text, terms)


def snippets(text: str, terms: QueryTerms) -> list[SafeString]:
    """Up to three passages around the matched words, marked, with ellipses at the cuts.

    Without a match, the opening of the text.
    """
    spans = _leading_spans(text, terms)
    windows = _windows(text, spans) or [
        (0, _word_boundary(text, min(len(text), SNIPPET_CHARS), False))
    ]
    out = []
    for start, end in windows:
        body = mark(text, spans, start, end).strip()
        prefix = ELLIPSIS + " " if start > 0 else ""
        suffix = " " + ELLIPSIS if end < len(text) else ""
        out.append(mark_safe(prefix + body + suffix))
    return out


def marked_text(text: str, terms: QueryTerms) -> SafeString:
    """The whole of a short text (a title) escaped for HTML, matches marked."""
    return mark_safe(mark(text, highlight_spans(text, terms)))


def marked_paragraphs(text: str, terms: QueryTerms) -> list[SafeString]:
    """The whole text as HTML paragraphs (one per non-empty line), matches marked."""
    spans = highlight_spans(text, terms)
    paragraphs, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(mark_safe(mark(text, spans, offset, offset + len(line))))
        offset += len(line) + 1
    return paragraphs
