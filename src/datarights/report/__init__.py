"""Outputs: review JSON (datarights.review/1), Markdown and tables."""
