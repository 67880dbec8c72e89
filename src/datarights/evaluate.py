"""Measure reviews against human labels: accuracy, macro-F1, evidence recall,
false reassurance and confusion per question."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datarights.errors import LabelError
from datarights.model.questions import POSITIONS, QuestionId
from datarights.model.review import Review

# Answering these when the truth is opt_out/permitted tells a buyer it is safe when it is not.
REASSURING = frozenset({"prohibited", "opt_in"})
EXPOSED = frozenset({"opt_out", "permitted"})
EVIDENCE_OVERLAP = 0.6

_MARKUP = re.compile(r"<[^>]{0,200}>|\]\([^)]*\)|[*_`#>\[\]\\|]")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class LabelledAnswer:
    position: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LabelledDocument:
    file: str
    split: str
    answers: dict[QuestionId, LabelledAnswer]


def load_labels(path: Path) -> list[LabelledDocument]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise LabelError(f"cannot read labels: {error}", path=path) from None
    if not isinstance(raw, list):
        raise LabelError("labels must be a JSON list of documents", path=path)
    documents = []
    for i, entry in enumerate(raw):
        try:
            answers = {}
            for question in QuestionId:
                item = entry["answers"][question.value]
                position = item["position"]
                if position not in {p.value for p in POSITIONS[question]}:
                    raise LabelError(
                        f"entry {i}: {question.value} has unknown position {position!r}", path=path
                    )
                answers[question] = LabelledAnswer(position, tuple(item.get("evidence", ())))
            documents.append(LabelledDocument(entry["file"], entry.get("set", "dev"), answers))
        except (KeyError, TypeError) as error:
            raise LabelError(f"entry {i}: missing field {error}", path=path) from None
    return documents


def normalise_words(text: str) -> list[str]:
    return _WORD.findall(_MARKUP.sub(" ", text).lower())


def evidence_found(quote: str, spans: Iterable[str]) -> bool:
    """A quote is found when a reported span holds most of its words (markup and spacing ignored)."""
    wanted = Counter(normalise_words(quote))
    total = sum(wanted.values())
    if not total:
        return True
    for span in spans:
        have = Counter(normalise_words(span))
        if sum((wanted & have).values()) / total >= EVIDENCE_OVERLAP:
            return True
    return False


@dataclass
class QuestionScore:
    question: QuestionId
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (file, truth, predicted)
    evidence_total: int = 0
    evidence_found: int = 0

    @property
    def accuracy(self) -> float:
        return sum(t == p for _, t, p in self.pairs) / len(self.pairs) if self.pairs else 0.0

    @property
    def macro_f1(self) -> float:
        labels = {t for _, t, _ in self.pairs} | {p for _, _, p in self.pairs}
        scores = []
        for label in labels:
            tp = sum(1 for _, t, p in self.pairs if t == label and p == label)
            fp = sum(1 for _, t, p in self.pairs if t != label and p == label)
            fn = sum(1 for _, t, p in self.pairs if t == label and p != label)
            scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        return sum(scores) / len(scores) if scores else 0.0

    def confusion(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for _, truth, predicted in self.pairs:
            row = table.setdefault(truth, {})
            row[predicted] = row.get(predicted, 0) + 1
        return table


@dataclass
class Evaluation:
    scores: dict[QuestionId, QuestionScore]
    documents: int

    @property
    def accuracy(self) -> float:
        pairs = [pair for score in self.scores.values() for pair in score.pairs]
        return sum(t == p for _, t, p in pairs) / len(pairs) if pairs else 0.0

    @property
    def evidence_recall(self) -> float:
        total = sum(s.evidence_total for s in self.scores.values())
        return sum(s.evidence_found for s in self.scores.values()) / total if total else 1.0

    @property
    def false_reassurance(self) -> list[str]:
        return [
            f"{file}: {truth} answered {predicted}"
            for file, truth, predicted in self.scores[QuestionId.TRAINING_USE].pairs
            if truth in EXPOSED and predicted in REASSURING
        ]

    def errors(self) -> list[str]:
        return [
            f"{question.value}: {file}: {truth} → {predicted}"
            for question, score in self.scores.items()
            for file, truth, predicted in score.pairs
            if truth != predicted
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "accuracy": round(self.accuracy, 4),
            "evidence_recall": round(self.evidence_recall, 4),
            "false_reassurance": len(self.false_reassurance),
            "false_reassurance_cases": self.false_reassurance,
            "questions": {
                question.value: {
                    "accuracy": round(score.accuracy, 4),
                    "macro_f1": round(score.macro_f1, 4),
                    "evidence_recall": round(score.evidence_found / score.evidence_total, 4)
                    if score.evidence_total
                    else None,
                    "confusion": score.confusion(),
                }
                for question, score in self.scores.items()
            },
            "errors": self.errors(),
        }


def evaluate(labels: list[LabelledDocument], reviews: dict[str, Review]) -> Evaluation:
    scores = {question: QuestionScore(question) for question in QuestionId}
    for document in labels:
        review = reviews.get(document.file)
        if review is None:
            continue
        for question, truth in document.answers.items():
            answer = review.answers[question]
            score = scores[question]
            score.pairs.append((document.file, truth.position, answer.position))
            if truth.evidence and answer.position == truth.position:
                spans = [e.text for e in answer.evidence]
                for quote in truth.evidence:
                    score.evidence_total += 1
                    score.evidence_found += evidence_found(quote, spans)
    return Evaluation(scores, sum(1 for d in labels if d.file in reviews))


def split_labels(
    labels: list[LabelledDocument], held_out: Callable[[LabelledDocument], bool]
) -> tuple[list[LabelledDocument], list[LabelledDocument]]:
    return [d for d in labels if not held_out(d)], [d for d in labels if held_out(d)]


def is_held_out(document: LabelledDocument) -> bool:
    """The part of the dev labels kept aside while developing: other services and templates."""
    return document.file.startswith(("contrib/", "templates/"))
