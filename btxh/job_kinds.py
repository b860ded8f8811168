"""Job kinds of the core app (none yet besides what other apps register)."""
