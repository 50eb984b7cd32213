"""Demo accounts and data for `make run` (DEMO_MODE only; production never creates them).

Idempotent: every item is looked up by its natural key first, so a second run adds nothing twice.
Later issues extend load_demo_data() with bodies, members, meetings and requests.
"""

import base64
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role
from advice.demo import load_requests
from councils.demo import load_house_rules, load_structure
from councils.meetings.demo import load_meetings
from incluzio_mz import services as portal_services
from incluzio_mz.models import OrganisationProfile
from members.demo import load_members
from panels.demo import load_panels

DEMO_PASSWORD = "demo-incluzio"  # noqa: S105 - the documented demo password (DEMO_MODE only)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    description: str
    roles: tuple[Role, ...] = ()
    # A fixed TOTP key (hex) for accounts that must use a second factor; printed in base32 and in the README.
    totp_key_hex: str = ""

    @property
    def totp_secret(self) -> str:
        return base64.b32encode(bytes.fromhex(self.totp_key_hex)).decode() if self.totp_key_hex else ""


DEMO_ACCOUNTS = (
    DemoAccount(
        "beheer", "Bo", "Beheer", "administrator", (Role.ADMINISTRATOR,), "696e636c757a696f2d64656d6f2d626568656572"
    ),
    DemoAccount(
        "bestuurder", "Sam", "Bestuur", "board member", (Role.BOARD,), "696e636c757a696f2d64656d6f2d626573747575"
    ),
    DemoAccount("ondersteuner-jongeren", "Noor", "Ondersteuner", "supporter of the youth chamber"),
    DemoAccount("ondersteuner-ouders", "Jesse", "Ondersteuner", "supporter of the parents chamber"),
    DemoAccount("ondersteuner-centraal", "Lou", "Ondersteuner", "supporter of the central council"),
    DemoAccount("lid-jongeren", "Mika", "Lid", "member of the youth chamber"),
    DemoAccount("lid-ouders", "Robin", "Lid", "member of the parents chamber"),
)


# The demo organisation. Its name appears here and nowhere else: everything else reads the organisation profile.
DEMO_ORGANISATION = {
    "name": "Incluzio",
    "short_name": "Incluzio",
    "address": "Postbus 1234\n1000 AB Amsterdam",
    "contact_email": "medezeggenschap@example.org",
    "website": "",
    "letterhead_lines": "\n".join(["Medezeggenschap van cliënten", "medezeggenschap@example.org"]),
    "primary_colour": "#0b5b7a",
    "link_colour": "#0b5b7a",
}


@transaction.atomic
def load_demo_data() -> list[str]:
    """Create what is missing; return a line per item created (empty on a second run)."""
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured("Demo data can only be loaded with DEMO_MODE=true.")
    created: list[str] = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = account_services.user_create(
                username=account.username,
                password=DEMO_PASSWORD,
                email=f"{account.username}@demo.incluzio.example",
                first_name=account.first_name,
                last_name=account.last_name,
                roles=list(account.roles),
                actor=None,
            )
            created.append(f"user {account.username}")
        if account.totp_key_hex and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            account_services.totp_device_create_confirmed(user=user, key_hex=account.totp_key_hex, actor=None)
            created.append(f"authenticator for {account.username}")
    if not OrganisationProfile.current().is_configured:
        portal_services.organisation_profile_update(data=DEMO_ORGANISATION, actor=None, reason="Demo data")
        created.append("organisation profile")
    load_structure(created)
    load_members(created)
    load_meetings(created)
    load_house_rules(created)
    load_requests(created)
    load_panels(created)
    return created
