"""Assess: judge review answers against a playbook and legal checklists."""
