"""Writes for members (DESIGN.md convention 2), one module per aggregate: people, memberships, allowances, vacancies.

No re-exports: callers import the module (`from members.services import memberships`).
"""
