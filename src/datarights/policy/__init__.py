"""Policy: the negotiated terms compiled into a `datarights.policy/1` data-use policy per customer.

Depends only on `model`, `detect` and `assess` outputs; `enforce` reads what this stage writes.
"""
