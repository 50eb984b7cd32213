"""Main pages are well-formed HTML5: html5lib's strict parser (the WHATWG parsing algorithm) finds no error."""

import html5lib
import pytest
from django.test import Client

from tests.conftest import Cast

PAGES = {
    "anonymous": ["/inloggen/", "/wachtwoord-vergeten/", "/wachtwoord-vergeten/verstuurd/", "/bestaat-niet/"],
    "member": ["/", "/account/tweede-factor/"],
    "board": ["/", "/inloggen/controle/"],
}


@pytest.mark.parametrize(("role", "path"), [(role, path) for role, paths in PAGES.items() for path in paths])
def test_page_parses_without_errors(cast: Cast, role: str, path: str) -> None:
    client: Client = cast.client(role)
    response = client.get(path)
    assert response.status_code in (200, 404)
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.content)
    assert parser.errors == []


def test_login_form_errors_parse_without_errors(client: Client, db: None) -> None:
    response = client.post("/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 200
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.content)  # raises ParseError on the first error
    assert parser.errors == []


def test_the_check_catches_broken_html() -> None:
    with pytest.raises(html5lib.html5parser.ParseError):
        html5lib.HTMLParser(strict=True).parse(b"<!DOCTYPE html><html><body><p></span></body></html>")
