"""Emergency aid (trợ giúp xã hội đột xuất): events, requests, decisions, payment and timeliness.

Rules: docs/emergency-aid.md. The amounts come from the pure engine
(engine/emergency.py) over the rule table ``EmergencyAidLevel``.
"""
