"""axe-core checks for browser tests: a page may have no "serious" or "critical" accessibility violation.

axe-playwright-python ships axe-core itself (no network needed) and works under the portal's nonce CSP.
"""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, ViewportSize

FAILING_IMPACTS = ("serious", "critical")
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
WIDTHS = (("desktop", DESKTOP), ("phone", PHONE))
# How many failing elements each violation lists by selector; the rest are counted.
_SHOWN_TARGETS = 3

_axe = Axe()  # reads axe.min.js once


def serious_axe_violations(page: Page) -> list[dict[str, Any]]:
    """The violations axe finds on the page as it is now, with impact "serious" or "critical"."""
    violations: list[dict[str, Any]] = _axe.run(page).response["violations"]
    return [violation for violation in violations if violation.get("impact") in FAILING_IMPACTS]


def _selector(target: object) -> str:
    # A target is a CSS selector, or a list of them for elements inside iframes or shadow roots.
    return " >>> ".join(map(str, target)) if isinstance(target, list) else str(target)


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One readable block per violation: id, impact, help, the first failing elements and axe's summary."""
    lines = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        targets = [_selector(target) for node in nodes[:_SHOWN_TARGETS] for target in node.get("target", [])]
        more = f" (+{len(nodes) - _SHOWN_TARGETS} more)" if len(nodes) > _SHOWN_TARGETS else ""
        lines.append(f"- {violation['id']} [{violation.get('impact')}] {violation.get('help', '')}")
        lines.append(f"    elements: {', '.join(targets) or '(none listed)'}{more}")
        if nodes and nodes[0].get("failureSummary"):
            summary = " ".join(nodes[0]["failureSummary"].split())
            lines.append(f"    first: {summary}")
        if violation.get("helpUrl"):
            lines.append(f"    see: {violation['helpUrl']}")
    return "\n".join(lines)


def assert_no_serious_axe_violations(page: Page, *, context: str = "") -> None:
    """Fail the test when axe finds a serious or critical violation on the page as it is now."""
    violations = serious_axe_violations(page)
    if violations:
        where = context or page.url
        count = len(violations)
        pytest.fail(f"axe found {count} serious/critical violation(s) on {where}:\n{format_violations(violations)}")


def assert_accessible_at_widths(page: Page, url: str) -> None:
    """Open url at desktop (1280x800) and phone (390x844) width and check each with axe.

    Both widths are checked before failing, so the report lists everything at once. The viewport is restored.
    """
    original = page.viewport_size
    failures = []
    try:
        for name, size in WIDTHS:
            page.set_viewport_size(size)
            page.goto(url)
            violations = serious_axe_violations(page)
            if violations:
                label = f"{page.url} at {name} width ({size['width']}x{size['height']})"
                failures.append(f"{label}:\n{format_violations(violations)}")
    finally:
        if original is not None:
            page.set_viewport_size(original)
    if failures:
        pytest.fail("axe found serious/critical violations on\n" + "\n".join(failures))
