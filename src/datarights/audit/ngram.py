"""A small character n-gram language model (interpolated Kneser–Ney) and a scorer command for it.

It is a real, if small, model: used by the tests as the model whose memorisation the
canary audit measures, and as a demonstration scorer:

    python -m datarights.audit.ngram train --order 5 -o model.json texts.txt
    python -m datarights.audit.ngram score --model model.json < texts.txt      # one log-likelihood a line
    python -m datarights.audit.ngram score --model model.json --jsonl texts.jsonl

Scores are natural-log likelihoods of the whole text, end-of-text included.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

BOS = "\x02"
EOS = "\x03"
SCHEMA = "datarights.ngram/1"


class CharNGram:
    """Interpolated Kneser–Ney over characters: highest order on raw counts, lower orders on
    continuation counts (how many different characters precede a context-and-character)."""

    def __init__(self, order: int = 5, discount: float = 0.75) -> None:
        if order < 1:
            raise ValueError("order must be at least 1")
        if not 0 < discount < 1:
            raise ValueError("discount must be between 0 and 1")
        self.order = order
        self.discount = discount
        # counts[n][context of n characters][next character]
        self.counts: list[dict[str, dict[str, int]]] = [{} for _ in range(order)]
        self.vocabulary: set[str] = {EOS}
        self._totals: list[dict[str, int]] = []

    def train(self, texts: Iterable[str]) -> CharNGram:
        top = self.counts[self.order - 1]
        width = self.order - 1
        for text in texts:
            self.vocabulary.update(text)
            padded = BOS * width + text + EOS
            for i in range(width, len(padded)):
                table = top.setdefault(padded[i - width : i], {})
                char = padded[i]
                table[char] = table.get(char, 0) + 1
        self._continuations()
        return self

    def _continuations(self) -> None:
        for n in range(self.order - 2, -1, -1):
            lower: dict[str, dict[str, int]] = {}
            for context, table in self.counts[n + 1].items():
                shorter = context[1:]
                target = lower.setdefault(shorter, {})
                for char in table:
                    target[char] = target.get(char, 0) + 1
            self.counts[n] = lower
        self._totals = [{ctx: sum(table.values()) for ctx, table in level.items()} for level in self.counts]

    def probability(self, context: str, char: str) -> float:
        """P(char | the last order-1 characters of context)."""
        probability = 1.0 / (len(self.vocabulary) + 1)  # +1: one slot for unseen characters
        for n in range(self.order):
            ctx = context[len(context) - n :] if n else ""
            table = self.counts[n].get(ctx)
            if not table:
                continue
            total = self._totals[n][ctx]
            seen = table.get(char, 0)
            probability = (
                max(seen - self.discount, 0.0) / total + self.discount * len(table) / total * probability
            )
        return probability

    def log_likelihood(self, text: str) -> float:
        width = self.order - 1
        padded = BOS * width + text + EOS
        return sum(
            math.log(self.probability(padded[i - width : i], padded[i])) for i in range(width, len(padded))
        )

    def to_json(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "order": self.order,
            "discount": self.discount,
            "vocabulary": sorted(self.vocabulary),
            "counts": self.counts[self.order - 1],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> CharNGram:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} model")
        order, discount, vocabulary, counts = (
            data["order"],
            data["discount"],
            data["vocabulary"],
            data["counts"],
        )
        if not isinstance(order, int) or not isinstance(discount, float) or not isinstance(counts, dict):
            raise ValueError("model fields have the wrong types")
        model = cls(order, discount)
        model.vocabulary = set(vocabulary) if isinstance(vocabulary, list) else {EOS}
        model.counts[order - 1] = {str(k): {str(c): int(n) for c, n in v.items()} for k, v in counts.items()}
        model._continuations()
        return model

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> CharNGram:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def _texts(handle: TextIO, jsonl: bool) -> Iterable[str]:
    for line in handle:
        line = line.rstrip("\n")
        if jsonl:
            if line.strip():
                yield str(json.loads(line)["text"])
        else:
            yield line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m datarights.audit.ngram", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train on texts, one per line (files or stdin)")
    train.add_argument("files", nargs="*", type=Path)
    train.add_argument("--order", type=int, default=5)
    train.add_argument("--discount", type=float, default=0.75)
    train.add_argument("-o", "--output", type=Path, required=True)
    score = commands.add_parser(
        "score", help="print the log-likelihood of each text (stdin lines or --jsonl)"
    )
    score.add_argument("--model", type=Path, required=True)
    score.add_argument("--jsonl", type=Path, help='read {"text": …} lines from this file instead of stdin')
    args = parser.parse_args(argv)
    if args.command == "train":
        model = CharNGram(args.order, args.discount)
        if args.files:
            for path in args.files:
                with path.open(encoding="utf-8") as handle:
                    model.train(line.rstrip("\n") for line in handle)
        else:
            model.train(line.rstrip("\n") for line in sys.stdin)
        model.save(args.output)
        return 0
    model = CharNGram.load(args.model)
    if args.jsonl:
        with args.jsonl.open(encoding="utf-8") as handle:
            scores = [model.log_likelihood(text) for text in _texts(handle, jsonl=True)]
    else:
        scores = [model.log_likelihood(text) for text in _texts(sys.stdin, jsonl=False)]
    sys.stdout.write("".join(f"{value:.6f}\n" for value in scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
