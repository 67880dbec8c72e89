"""Sentence boundaries inside each paragraph.

spaCy's rule-based sentencizer (blank English pipeline, no model download) knows
abbreviations such as "Corp." and "i.e." and dates; we only feed it one paragraph
at a time so a sentence never crosses a paragraph, and split long enumerations
("(a) …; (b) …") no further: a clause's sub-items belong to its sentence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from datarights.model import Paragraph, Sentence


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def split_sentences(text: str, paragraphs: tuple[Paragraph, ...]) -> tuple[Sentence, ...]:
    nlp = _pipeline()
    sentences: list[Sentence] = []
    bodies = (text[p.start : p.end] for p in paragraphs)
    for paragraph, doc in zip(paragraphs, nlp.pipe(bodies, batch_size=256), strict=True):
        for sent in doc.sents:
            start = paragraph.start + sent.start_char
            end = paragraph.start + sent.end_char
            # Trim whitespace so every sentence span starts and ends on text.
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                sentences.append(Sentence(start, end))
    return tuple(sentences)
