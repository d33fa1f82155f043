"""Extraction: a report's bytes in, a validated figures table out.

``reading`` decodes a report file into text; ``find`` finds every quantity in
it (number, scale, unit, qualifier); ``classify`` gives each one its goal,
programme, metric and period from its clause, sentence and heading; ``clean``
assembles the figures table and ``checks`` validates it against the text it
came from. The word lists the rules use are data files in ``minsheng/lexicon``
(loaded by ``lexicon``). Nothing here knows about the analyses or the runner.
"""


def extract_corpus(texts, lex=None, check: bool = True):
    """The figures of many reports in one table (:func:`minsheng.extraction.corpus.extract_corpus`)."""
    from minsheng.extraction.corpus import extract_corpus as _extract_corpus

    return _extract_corpus(texts, lex, check)
