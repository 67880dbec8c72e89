"""The stack stage: the documents of one deal read together (references, precedence, audience,
combined answers)."""
