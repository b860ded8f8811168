"""Monthly payment rolls: what each beneficiary of a commune is paid for a month.

``compute`` (pure: engine results and the ledger of what locked rolls paid → roll lines),
``selectors`` (loading facts and the ledger in bulk), ``services`` (generate, lock,
settle), ``models`` (PaymentRoll, PaymentLine, RollDocument).
"""
