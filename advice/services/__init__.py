"""Writes for advice and consent (DESIGN.md convention 2), one module per part of the lifecycle:

- `requests`: create, submit, withdraw, and the information pauses (W-ADV-2, W-ADV-3, W-INF-1);
- `answers`: chamber positions, consultations, the council's answer and its unsolicited advice (W-CON-2, W-CON-3,
  W-UNS-1);
- `decisions`: the board's decision (W-ADV-4, W-ADV-5, W-CON-4, W-UNS-1).

Services take keyword-only arguments and the acting user (`actor`, None for the system) without a default, run in a
transaction, validate, and record who and why in simple-history. No re-exports: callers import the module
(`from advice.services import requests`).
"""
