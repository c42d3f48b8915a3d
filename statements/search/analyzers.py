"""The archive's Arabic analysis (``statements.arabic``) as Whoosh analyzers.

``ArabicAnalyzer`` gives the stemmed terms, ``ArabicExactAnalyzer`` the
normalized words, each with positions and character offsets into the
original; the schema (``backend.schema_field``) puts them on its text fields.
The classes hold no state, so a schema pickles them as class references.
"""

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from ..arabic import Word, analyze_token, analyze_whole, surface_words


class _ArabicTokenizer(Tokenizer):
    """Whoosh's ``RegexTokenizer`` contract, with the archive's analysis.

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
            surfaces, analyze = surface_words(value), analyze_token
        else:
            surfaces, analyze = [value] if value else [], analyze_whole
        field, stops, pos, end = self._field, self._stops, start_pos, 0
        for surface in surfaces:
            start = value.find(surface, end)  # see statements.arabic.tokenize
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
