"""Detect: one detector per question of `shared/spec/questions.md`, each a pure
function of a structured `Document` returning typed hits with evidence spans."""
