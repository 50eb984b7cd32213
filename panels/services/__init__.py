"""Writes for panels and the public face (DESIGN.md convention 2), one module per part:

- `activities`: participation activities (W-PAN-1);
- `signals`: signals and their follow-up, forwarding to the central council (W-PAN-2);
- `contacts`: the central council's working visits and panel contacts (W-SCOPE-5);
- `public`: what the public form writes (a signal from /openbaar/<slug>/).

Services take keyword-only arguments and the acting user (`actor`, None for the system or the public), run in a
transaction, validate, and record who and why in simple-history. No re-exports: callers import the module.
"""
