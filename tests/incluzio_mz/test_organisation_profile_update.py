"""The organisation profile page (/beheer/huisstijl/), the public logo and theme, and the profile on every page."""

import re
from pathlib import Path
from typing import Any

import html5lib
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from incluzio_mz import services
from incluzio_mz.models import OrganisationProfile
from tests.conftest import ROLES, Cast
from tests.incluzio_mz.test_organisation_profile import PNG_BYTES, PROFILE, SVG_BYTES

pytestmark = pytest.mark.django_db

URL = "/beheer/huisstijl/"
ROOT = Path(__file__).resolve().parents[2]


def english(client: Client) -> Client:
    """Let the client's requests run in English, so tests can assert on the source messages."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _post(client: Client, **overrides: object) -> Any:
    data = {**PROFILE, "reason": "Huisstijl ingesteld", **overrides}
    return client.post(URL, data)


def test_url_name() -> None:
    assert reverse("organisation_profile_update") == URL
    assert reverse("organisation_logo") == "/huisstijl/logo/"
    assert reverse("organisation_theme") == "/huisstijl/thema.css"


@pytest.mark.parametrize("role", ROLES)
def test_page_per_role(cast: Cast, role: str) -> None:
    expected = {"anonymous": 302, "administrator": 200}.get(role, 403)
    assert cast.client(role).get(URL).status_code == expected
    response = _post(cast.client(role))
    assert response.status_code == (302 if role in ("anonymous", "administrator") else 403)
    assert OrganisationProfile.objects.exists() is (role == "administrator")


def test_anonymous_goes_to_the_login_page(cast: Cast) -> None:
    response = cast.client("anonymous").get(URL)
    assert response.headers["Location"].startswith(reverse("accounts:login"))


def test_administrator_saves_the_profile_with_a_logo_and_sees_the_history(cast: Cast, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = english(cast.client("administrator"))
    logo = SimpleUploadedFile("logo.png", PNG_BYTES, content_type="image/png")
    response = client.post(URL, {**PROFILE, "reason": "Huisstijl ingesteld", "new_logo": logo})
    assert response.status_code == 302
    profile = OrganisationProfile.current()
    assert profile.name == "Zorggroep Noordkust"
    assert profile.logo_content_type == "image/png"
    record = profile.history.get()
    assert (record.history_user, record.history_change_reason) == (cast.administrator, "Huisstijl ingesteld")

    page = client.get(URL)
    assert page.status_code == 200
    history = page.text.split('data-testid="history"', 1)[1]
    assert "Huisstijl ingesteld" in history
    assert cast.administrator.display_name in history
    html5lib.HTMLParser(strict=True).parse(page.content)


def test_invalid_colour_shows_the_error_and_saves_nothing(cast: Cast) -> None:
    client = english(cast.client("administrator"))
    response = _post(client, primary_colour="#ffcc00")
    assert response.status_code == 200
    assert "at least 4.5:1 is needed" in response.text
    assert not OrganisationProfile.objects.exists()
    html5lib.HTMLParser(strict=True).parse(response.content)


def test_a_logo_that_is_not_an_image_is_refused(cast: Cast, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = english(cast.client("administrator"))
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(URL, {**PROFILE, "reason": "Logo", "new_logo": fake})
    assert response.status_code == 200
    assert "The logo must be a PNG, JPG or SVG image" in response.text
    assert not OrganisationProfile.objects.exists()


def test_reason_is_required(cast: Cast) -> None:
    response = _post(cast.client("administrator"), reason="")
    assert response.status_code == 200
    assert not OrganisationProfile.objects.exists()


def test_page_parses_without_errors(cast: Cast) -> None:
    response = cast.client("administrator").get(URL)
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.content)
    assert parser.errors == []


# ---------------------------------------------------------------------------------------------------------------
# Every page shows the configured organisation, and never a hard-coded one.


def test_pages_show_the_configured_name(cast: Cast) -> None:
    services.organisation_profile_update(data=PROFILE, actor=None, reason="test")
    for role, path in (("member", "/"), ("anonymous", "/inloggen/"), ("anonymous", "/bestaat-niet/")):
        text = english(cast.client(role)).get(path).text
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        assert title is not None
        assert "Client participation at Noordkust" in title.group(1), path
        if path != "/bestaat-niet/":  # error pages have no footer
            assert "Client participation at Zorggroep Noordkust, under the Wmcz 2018" in text, path
            assert "raad@example.org" in text, path
        assert "Incluzio" not in text, path


def test_pages_without_a_profile_show_the_neutral_name(cast: Cast) -> None:
    text = english(cast.client("member")).get("/").text
    assert "| Client participation</title>" in text
    assert "Incluzio" not in text


def test_base_links_the_theme_and_logo_only_when_configured(cast: Cast, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    text = cast.client("member").get("/").text
    assert reverse("organisation_theme") not in text
    assert reverse("organisation_logo") not in text
    profile = services.organisation_profile_update(
        data=PROFILE,
        logo=SimpleUploadedFile("l.svg", SVG_BYTES),
        actor=None,
        reason="test",
    )
    text = english(cast.client("member")).get("/").text
    assert f'href="{reverse("organisation_theme")}?v={profile.version}"' in text
    assert f'src="{reverse("organisation_logo")}?v={profile.version}"' in text
    assert 'alt="Logo of Zorggroep Noordkust"' in text
    assert "style=" not in text
    assert "<style" not in text


# ---------------------------------------------------------------------------------------------------------------
# The public logo and theme.


def test_logo_is_404_without_a_logo(client: Client) -> None:
    assert client.get("/huisstijl/logo/").status_code == 404
    services.organisation_profile_update(data=PROFILE, actor=None, reason="test")
    assert client.get("/huisstijl/logo/").status_code == 404


@pytest.mark.parametrize(("data", "content_type"), [(PNG_BYTES, "image/png"), (SVG_BYTES, "image/svg+xml")])
def test_logo_is_served_with_its_detected_type(client: Client, settings, tmp_path, data: bytes, content_type: str):
    settings.MEDIA_ROOT = tmp_path
    profile = services.organisation_profile_update(
        data=PROFILE, logo=SimpleUploadedFile("x.bin", data), actor=None, reason="test"
    )
    response: Any = client.get("/huisstijl/logo/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == data
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-cache"
    versioned = client.get(f"/huisstijl/logo/?v={profile.version}")
    assert "immutable" in versioned["Cache-Control"]
    versioned.close()
    response.close()


def test_logo_is_get_only(client: Client) -> None:
    assert client.post("/huisstijl/logo/").status_code == 405


def test_theme_overrides_the_design_tokens(client: Client) -> None:
    response = client.get("/huisstijl/thema.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--utrecht" not in response.text
    services.organisation_profile_update(data=PROFILE, actor=None, reason="test")
    css = client.get("/huisstijl/thema.css").text
    assert "--utrecht-button-primary-action-background-color: #1b4f8a;" in css
    assert "--utrecht-nav-bar-background-color: #1b4f8a;" in css
    assert "--utrecht-link-color: #0b5b7a;" in css


def test_theme_tokens_exist_in_the_nl_design_system() -> None:
    """The overridden custom properties are ones the Utrecht CSS actually reads (no typos, no renamed tokens)."""
    from incluzio_mz.views import theme_css

    css = theme_css("#1b4f8a", "#0b5b7a")
    library = (ROOT / "node_modules/@utrecht/component-library-css/dist/index.css").read_text()
    tokens = (ROOT / "node_modules/@utrecht/design-tokens/dist/index.css").read_text()
    names = set(re.findall(r"(--utrecht-[a-z0-9-]+):", css))
    assert names
    unknown = [name for name in names if f"var({name}" not in library and f"{name}:" not in tokens]
    assert not unknown, unknown


def test_the_template_never_applies_an_unchecked_value() -> None:
    from incluzio_mz.views import theme_css

    assert theme_css("red; } body { display: none", "#fff;}") == theme_css("", "")


# ---------------------------------------------------------------------------------------------------------------
# The organisation's name is configuration: no template or static file names an organisation.

# The demo organisation's name, and the names used in earlier versions of the templates.
ORGANISATION_NAMES = re.compile(r"incluzio(?!_mz)", re.IGNORECASE)


def test_no_organisation_name_in_templates_or_static_files() -> None:
    found = []
    for folder in ("templates", "static"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".html", ".txt", ".css", ".js", ".svg", ".xml"):
                for number, line in enumerate(path.read_text().splitlines(), start=1):
                    if ORGANISATION_NAMES.search(line):
                        found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "Use {{ organisation.name }} / {{ organisation.portal_title }} instead:\n" + "\n".join(found)


def test_the_name_check_catches_a_violation() -> None:
    assert ORGANISATION_NAMES.search('{% translate "Incluzio participation" %}')
    assert not ORGANISATION_NAMES.search("{% load incluzio_mz %}")
