"""Assess: judge review answers against a playbook and legal checklists.

`load_playbook(name_or_path)` reads a playbook; `assess(review, playbook)` returns an
`Assessment` (see `model.py`) that the reports, redlines and register consume.
"""
