"""Demo data: the contract accounts exist with their roles, a second run adds nothing, production never loads it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import is_administrator, is_board_member
from incluzio_mz.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_data

pytestmark = pytest.mark.django_db

CONTRACT = {
    "beheer",
    "bestuurder",
    "ondersteuner-jongeren",
    "ondersteuner-ouders",
    "ondersteuner-centraal",
    "lid-jongeren",
    "lid-ouders",
}


def test_demo_accounts_are_created_once(settings) -> None:
    settings.DEMO_MODE = True
    first = load_demo_data()
    assert first
    users = User.objects.count()
    devices = TOTPDevice.objects.count()
    assert load_demo_data() == []
    assert (User.objects.count(), TOTPDevice.objects.count()) == (users, devices)

    assert set(User.objects.values_list("username", flat=True)) >= CONTRACT
    for username in CONTRACT:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert is_administrator(User.objects.get(username="beheer"))
    assert is_board_member(User.objects.get(username="bestuurder"))


def test_printed_totp_secrets_match_the_devices(settings) -> None:
    settings.DEMO_MODE = True
    load_demo_data()
    import base64

    for account in DEMO_ACCOUNTS:
        if not account.totp_secret:
            continue
        device = TOTPDevice.objects.get(user__username=account.username, confirmed=True)
        code = totp(base64.b32decode(account.totp_secret))
        assert device.verify_token(f"{code:06d}")


def test_demo_data_refuses_without_demo_mode(settings) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(ImproperlyConfigured):
        call_command("load_demo_data")
    assert not User.objects.filter(username="beheer").exists()


def test_demo_data_sets_the_organisation_profile_once(settings) -> None:
    from incluzio_mz.models import OrganisationProfile

    settings.DEMO_MODE = True
    assert "organisation profile" in load_demo_data()
    profile = OrganisationProfile.current()
    assert (profile.name, profile.short_name, profile.contact_email) == (
        "Incluzio",
        "Incluzio",
        "medezeggenschap@example.org",
    )
    assert profile.letterhead_line_list
    assert "organisation profile" not in load_demo_data()
    assert profile.history.count() == 1
