"""Untrusted text (contract wording, file names, customer ids, model outputs) made inert in the
Markdown reports: the one escape the assessment, stack, transparency and audit reports share.

It sits at the bottom of the import order (beside `errors`) because the audit, which comes before
`report`, renders Markdown too.
"""

from __future__ import annotations

import re

# Only what Markdown would otherwise read as markup, so the raw text stays readable: an entity
# ("&copy;") or a tag or autolink ("<script", "</b", "<!--"); a plain "&" or "a < b" stays as it
# is (escaping every "&" printed "&amp;" wherever the Markdown is read as text).
_ENTITY = re.compile(r"&(?=#?\w+;)")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
# Emphasis, code, links, table columns and strike-through anywhere; "_" only where it could open
# or close emphasis (not inside a word: `snake_case.yaml` stays as it is).
_INLINE = re.compile(r"[|*`\[\]~]|(?<![^\W_])_|_(?![^\W_])")
# A block marker at the start (heading, quote, list item, rule), which is where the text begins
# in a list item or paragraph ("- {text}"); a number is one only before a space ("7.2 Scope" is not).
_BLOCK = re.compile(r"^([#>+-]|\d{1,9}[.)](?=\s|$))")
# A run of "#" ending the text after a space closes a heading ("### 1 #" reads "1"): escape its first.
_CLOSING_HASHES = re.compile(r"(?<=\s)#(?=#*$)")


def markdown_text(text: str) -> str:
    """`text` on one line, reading as itself wherever it is put in Markdown: a table cell, a list
    item, a heading or running text. Whitespace runs (line breaks too) become one space."""
    text = " ".join(text.split()).replace("\\", "\\\\")
    text = _TAG.sub("&lt;", _ENTITY.sub("&amp;", text))
    text = _CLOSING_HASHES.sub(r"\\#", _INLINE.sub(lambda m: "\\" + m.group(0), text))
    return _BLOCK.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text, count=1)
