"""Meetings of participation bodies: services (writes) and the access gate (permissions.py). See docs/MEETINGS.md."""
