"""Enforce: gate training data by the compiled policies, fail-closed.

`decide` is a pure function over pyarrow record batches; readers, writers, de-identification, the
decision log and the manifest are around it; runners (`runners.local`) only move batches. Depends
on `policy` and `model`, never on store, web or cli.
"""
