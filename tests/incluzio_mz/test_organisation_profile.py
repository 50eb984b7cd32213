"""The organisation profile: validation in the service (contrast, logo by content), history, and its use.

Assertions are on the English source messages (English active); test_i18n.py checks the Dutch translations.
"""

from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from accounts.models import User
from incluzio_mz import services
from incluzio_mz.lib.emails import send_templated_email
from incluzio_mz.models import MAX_LOGO_BYTES, OrganisationProfile, contrast_with_white
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
SVG_BYTES = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0b5b7a"/></svg>'
)

PROFILE = {
    "name": "Zorggroep Noordkust",
    "short_name": "Noordkust",
    "address": "Postbus 99\n9999 ZZ Ergens",
    "contact_email": "raad@example.org",
    "website": "https://example.org",
    "letterhead_lines": "Zorggroep Noordkust\nCentrale cliëntenraad",
    "primary_colour": "#1B4F8A",
    "link_colour": "#0b5b7a",
}


def _update(actor: User | None = None, reason: str = "Huisstijl ingesteld", **data: object) -> OrganisationProfile:
    return services.organisation_profile_update(data={**PROFILE, **data}, actor=actor, reason=reason)


def upload(data: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# ---------------------------------------------------------------------------------------------------------------
# current(): the neutral default, then the saved row.


def test_current_is_a_neutral_unsaved_default_without_a_row() -> None:
    profile = OrganisationProfile.current()
    assert not profile.is_configured
    assert profile.pk == OrganisationProfile.SINGLETON_ID
    assert "Incluzio" not in profile.name
    assert profile.portal_title == "Client participation"
    assert not OrganisationProfile.objects.exists()


def test_update_creates_the_single_row_and_current_returns_it(cast: Cast) -> None:
    _update(actor=cast.administrator)
    profile = OrganisationProfile.current()
    assert profile.is_configured
    assert profile.name == "Zorggroep Noordkust"
    assert profile.primary_colour == "#1b4f8a"  # normalised to lower case
    assert profile.portal_title == "Client participation at Noordkust"
    assert profile.address_lines == ["Postbus 99", "9999 ZZ Ergens"]
    assert profile.letterhead_line_list == ["Zorggroep Noordkust", "Centrale cliëntenraad"]
    _update(actor=cast.administrator, name="Zorggroep Zuidkust", reason="Nieuwe naam")
    assert OrganisationProfile.objects.count() == 1


def test_a_second_row_is_refused_by_the_database() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationProfile.objects.create(id=2, name="Second")


def test_history_records_actor_and_reason(cast: Cast) -> None:
    _update(actor=cast.administrator, reason="Huisstijl ingesteld")
    _update(actor=None, short_name="NK", reason="Korte naam")
    records = list(OrganisationProfile.current().history.order_by("history_date"))
    assert [(r.history_user, r.history_change_reason) for r in records] == [
        (cast.administrator, "Huisstijl ingesteld"),
        (None, "Korte naam"),
    ]


def test_no_change_writes_no_history(cast: Cast) -> None:
    _update(actor=cast.administrator)
    _update(actor=cast.administrator, reason="Nog eens")
    assert OrganisationProfile.current().history.count() == 1


def test_a_reason_is_required(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        _update(actor=cast.administrator, reason="  ")
    assert "reason" in caught.value.message_dict
    assert not OrganisationProfile.objects.exists()


def test_name_is_required(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        _update(actor=cast.administrator, name="")
    assert "name" in caught.value.message_dict


# ---------------------------------------------------------------------------------------------------------------
# Colours: WCAG 2.1 AA (4.5:1) against white.


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("field", ["primary_colour", "link_colour"])
@pytest.mark.parametrize("colour", ["#777777", "#ffcc00", "#66aaff"])
def test_colours_with_too_little_contrast_are_refused(cast: Cast, field: str, colour: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _update(actor=cast.administrator, **{field: colour})
    message = " ".join(caught.value.message_dict[field])
    assert "4.5:1" in message
    assert colour in message


@pytest.mark.parametrize("colour", ["1b4f8a", "#1b4f8", "#1b4f8g", "blue", "#1b4f8a;}"])
def test_colours_must_be_hex(cast: Cast, colour: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _update(actor=cast.administrator, primary_colour=colour)
    assert "primary_colour" in caught.value.message_dict


def test_colours_may_be_empty(cast: Cast) -> None:
    profile = _update(actor=cast.administrator, primary_colour="", link_colour="")
    assert not profile.has_theme


# ---------------------------------------------------------------------------------------------------------------
# Logo: recognised from the bytes, at most 1 MB, SVG without active content.


@pytest.mark.parametrize(
    ("data", "name", "content_type", "extension"),
    [
        (PNG_BYTES, "logo.png", "image/png", ".png"),
        (JPEG_BYTES, "logo.jpeg", "image/jpeg", ".jpg"),
        (SVG_BYTES, "logo.svg", "image/svg+xml", ".svg"),
        # The name lies; the content decides.
        (PNG_BYTES, "logo.svg", "image/png", ".png"),
    ],
)
def test_logo_types_are_recognised_by_content(
    cast: Cast, settings, tmp_path, data: bytes, name: str, content_type: str, extension: str
) -> None:
    settings.MEDIA_ROOT = tmp_path
    profile = services.organisation_profile_update(
        data=PROFILE, logo=upload(data, name, "application/octet-stream"), actor=cast.administrator, reason="Logo"
    )
    assert profile.logo_content_type == content_type
    assert str(profile.logo.name).endswith(extension)
    assert name not in str(profile.logo.name)
    assert profile.has_logo


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a\x01\x00\x01\x00",
        b"%PDF-1.7\n",
        b"not an image at all",
        b"<html><body>hello</body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<image x:href="https://evil.example/x.png"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        b"<svg",
    ],
)
def test_other_content_is_refused_whatever_its_name(cast: Cast, settings, tmp_path, data: bytes) -> None:
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as caught:
        services.organisation_profile_update(
            data=PROFILE, logo=upload(data, "logo.png"), actor=cast.administrator, reason="Logo"
        )
    assert caught.value.code == "type"
    assert not OrganisationProfile.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_logo_larger_than_1_mb_is_refused(cast: Cast, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as caught:
        services.organisation_profile_update(
            data=PROFILE,
            logo=upload(PNG_BYTES + b"\x00" * MAX_LOGO_BYTES),
            actor=cast.administrator,
            reason="Logo",
        )
    assert caught.value.code == "too_large"


def test_logo_can_be_removed(cast: Cast, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    services.organisation_profile_update(data=PROFILE, logo=upload(PNG_BYTES), actor=cast.administrator, reason="Logo")
    profile = services.organisation_profile_update(
        data=PROFILE, remove_logo=True, actor=cast.administrator, reason="Geen logo"
    )
    assert not profile.has_logo
    assert profile.history.count() == 2


# ---------------------------------------------------------------------------------------------------------------
# E-mails use the profile.


def test_emails_use_the_configured_name(cast: Cast) -> None:
    _update(actor=cast.administrator)
    send_templated_email(
        template="password_reset", to=["x@example.org"], context={"user": cast.member, "reset_url": "http://t/x"}
    )
    message = mail.outbox[-1]
    assert isinstance(message, EmailMultiAlternatives)
    assert "Client participation at Noordkust" in message.body
    assert "Client participation at Noordkust" in str(message.alternatives[0][0])
    assert "Incluzio" not in message.body
    assert message.from_email == "Client participation at Noordkust <medezeggenschap@example.org>"
    assert message.reply_to == ["raad@example.org"]


def test_emails_without_a_profile_use_the_neutral_name(cast: Cast) -> None:
    send_templated_email(
        template="password_reset", to=["x@example.org"], context={"user": cast.member, "reset_url": "http://t/x"}
    )
    message = mail.outbox[-1]
    assert "Client participation" in message.body
    assert "Incluzio" not in message.body
    assert message.reply_to == []
