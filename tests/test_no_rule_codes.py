"""Issue 14 point 10: users never see rule codes such as W-SCOPE-3; pages explain the rule in words, with the
article of the law, in Dutch or, when chosen, in English.

Every HTML page of the permission matrix (as tests/test_html_matrix.py picks them) is fetched in Dutch and in English
and searched for a rule code. Code comments, docstrings and test names keep the IDs (docs/ARCHITECTURE.md).
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factories import make_business_unit
from tests.test_html_matrix import FRAGMENTS, HTML_PAGES, NOT_HTML, _role
from tests.test_url_matrix import MATRIX, _url

RULE_CODE = re.compile(r"\bW-[A-Z]+-[0-9]+")
PAGES = [key for key in HTML_PAGES if key not in NOT_HTML or key in FRAGMENTS]


def _in(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_pattern_finds_a_rule_code() -> None:
    assert RULE_CODE.findall("<p>W-SCOPE-4: geen raad</p> en (W-REG-1).") == ["W-SCOPE-4", "W-REG-1"]
    assert not RULE_CODE.findall("artikel 3 lid 4 en 5 Wmcz 2018")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("key", PAGES)
def test_no_rule_code_on_any_page(key: str, language: str, cast: Cast) -> None:
    role = _role(key)
    assert role is not None
    response = _in(cast.client(role), language).get(_url(key, MATRIX[key], cast))
    assert response.status_code == 200, f"{key} as {role}: {response.status_code}"
    text = response.content.decode()
    assert f'lang="{language}"' in text or key in FRAGMENTS
    assert RULE_CODE.findall(text) == [], f"{key} as {role} in {language}"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_rule_code_in_the_scope_warning_and_obligation(language: str, cast: Cast) -> None:
    """A unit that needs a council but has none shows the warning and the obligation in words, with the article."""
    unit = make_business_unit(name="Zonder raad")  # youth care, 20 care providers: a council is required
    client = _in(cast.client("administrator"), language)
    for address in (
        reverse("councils:business_unit_detail", kwargs={"slug": unit.slug}),
        reverse("councils:compliance_overview"),
    ):
        response = client.get(address)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Zonder raad" in text
        assert RULE_CODE.findall(text) == [], address
        assert "Wmcz 2018" in text
    detail = client.get(reverse("councils:business_unit_detail", kwargs={"slug": unit.slug})).content.decode()
    assert 'data-testid="scope-warning"' in detail


def test_the_explanation_is_in_english_when_english_is_chosen(cast: Cast) -> None:
    unit = make_business_unit(name="Zonder raad")
    address = reverse("councils:business_unit_detail", kwargs={"slug": unit.slug})
    dutch = _in(cast.client("administrator"), "nl").get(address).content.decode()
    english = _in(cast.client("administrator"), "en").get(address).content.decode()
    assert "artikel 3 Wmcz 2018" in dutch
    assert "article 3 Wmcz 2018" in english
    assert "artikel 3 Wmcz 2018" not in english
