"""Every page of ours is valid HTML5: html5lib's strict parser (the WHATWG parsing algorithm) finds no error.

The pages come from the permission matrix (tests/test_url_matrix.py): every URL that some role gets with 200 is
fetched once, as the first such role in PREFERRED_ROLES, so a new page is checked without being listed here. A
response that is not HTML (PDF, CSS, JSON) is not parsed, but only when its key is listed in NOT_HTML with the
content type it has; an HTML page listed there fails too. So nothing is skipped silently, and
test_enough_pages_are_checked keeps a broken filter from making the check vacuous.
"""

import html5lib
import pytest

from tests.conftest import Cast
from tests.test_url_matrix import MATRIX, _url

# Supporters and the board see the most of the organisation's own pages; administrators add the structure pages.
PREFERRED_ROLES = ("supporter", "board", "administrator", "member", "other_member", "outsider", "anonymous")

# Pages whose response is not HTML, with the start of their content type.
NOT_HTML = {
    "healthz": "application/json",
    "organisation_theme": "text/css",
    "calendar:agenda_pdf": "application/pdf",
    "advice:letter_pdf": "application/pdf",
    "advice:letter_version_pdf": "application/pdf",
    "councils:regulation_document_download": "application/pdf",
    "public:regulation_document_download": "application/pdf",
    "public:house_rules_download": "application/pdf",
    "meetings:document_download": "application/pdf",
}

# Pages that are an HTML fragment, not a document: parsed as the content of a <body> (no doctype, no <html>).
FRAGMENTS = {
    "advice:letter_status",  # the letter section, which htmx swaps into the request page while a letter is made
}

# Fewer HTML pages than this means the selection below is broken (there are 119).
MINIMUM_HTML_PAGES = 110


def _is_admin(key: str) -> bool:
    # Django's admin pages are Django's own templates, not ours and not themed: they are not checked here.
    return key.startswith(("admin:", "admin/"))


def _role(key: str) -> str | None:
    expected = MATRIX[key].expected
    return next((role for role in PREFERRED_ROLES if expected[role] == 200), None)


PAGES = sorted(key for key in MATRIX if not _is_admin(key) and _role(key) is not None)
HTML_PAGES = [key for key in PAGES if key not in NOT_HTML]


def _parse(content: bytes, *, fragment: bool, strict: bool) -> html5lib.HTMLParser:
    parser = html5lib.HTMLParser(strict=strict)
    if fragment:
        parser.parseFragment(content)
    else:
        parser.parse(content)
    return parser


def _errors(content: bytes, *, fragment: bool) -> list[str]:
    """All parse errors (the lenient parser goes on after the first), each with its line and the line's text."""
    parser = _parse(content, fragment=fragment, strict=False)
    lines = content.decode("utf-8", "replace").splitlines()
    found = []
    for (line, column), code, data in parser.errors:
        text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        found.append(f"line {line}:{column} {code} {data}: {text[:200]}")
    return found


def test_enough_pages_are_checked() -> None:
    assert len(HTML_PAGES) >= MINIMUM_HTML_PAGES, HTML_PAGES
    assert not (set(NOT_HTML) | FRAGMENTS) - set(PAGES), "NOT_HTML or FRAGMENTS lists keys that are not fetched here"


@pytest.mark.parametrize("fragment", [False, True])
def test_the_check_catches_broken_html(fragment: bool) -> None:
    page = b"<p><div>block in a paragraph</div></p>"
    assert _errors(page if fragment else b"<!DOCTYPE html><html><body>" + page, fragment=fragment)


@pytest.mark.parametrize("key", PAGES)
def test_page_is_valid_html5(key: str, cast: Cast) -> None:
    role = _role(key)
    assert role is not None
    response = cast.client(role).get(_url(key, MATRIX[key], cast))
    assert response.status_code == 200, f"{key} as {role}: {response.status_code}"
    content_type = response.get("Content-Type", "")
    if key in NOT_HTML:
        assert content_type.startswith(NOT_HTML[key]), f"{key}: {content_type}"
        return
    assert content_type.startswith("text/html"), f"{key} as {role}: {content_type} (list it in NOT_HTML?)"
    fragment = key in FRAGMENTS
    errors = _errors(response.content, fragment=fragment)
    assert errors == [], f"{key} as {role}:\n" + "\n".join(errors)
    _parse(response.content, fragment=fragment, strict=True)  # raises ParseError on the first error
