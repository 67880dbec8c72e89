"""Command-line interface (the only layer that prints)."""
