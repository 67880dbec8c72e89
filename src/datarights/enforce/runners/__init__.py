"""Runners move record batches through `enforce.process`; `local` uses this machine's cores."""
