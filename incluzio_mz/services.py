"""Writes for the project-wide records: the organisation profile (DESIGN.md convention 2)."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from incluzio_mz.lib.services import stamp_history
from incluzio_mz.models import LOGO_EXTENSIONS, OrganisationProfile, validate_logo

# The fields an administrator edits; the logo comes as a file of its own.
PROFILE_FIELDS = (
    "name",
    "short_name",
    "address",
    "contact_email",
    "website",
    "letterhead_lines",
    "primary_colour",
    "link_colour",
)


@transaction.atomic
def organisation_profile_update(
    *,
    data: dict[str, Any],
    logo: File | None = None,
    remove_logo: bool = False,
    actor: User | None,
    reason: str,
) -> OrganisationProfile:
    """Create or change the organisation profile; a new logo is checked by its content, never by its name.

    Nothing changed and no new logo: no save and no history row. Earlier logo files stay in storage, because
    the history rows still point at them (nothing is hard-deleted).
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you make this change.")}, code="required")
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    profile = (
        OrganisationProfile.objects.select_for_update().filter(id=OrganisationProfile.SINGLETON_ID).first()
        or OrganisationProfile.default()
    )
    changed = profile._state.adding
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field] if data[field] is not None else ""
            if field in ("primary_colour", "link_colour"):
                value = value.strip().lower()
            if getattr(profile, field) != value:
                setattr(profile, field, value)
                changed = True
    content_type = validate_logo(logo) if logo is not None else None
    if content_type is None and remove_logo and profile.logo:
        profile.logo = None
        profile.logo_content_type = ""
        changed = True
    if not changed and content_type is None:
        return profile
    # Validate before the new file is written, so a refused profile leaves no file behind.
    profile.full_clean(exclude=["logo"])
    if logo is not None and content_type is not None:
        # The stored name comes from the detected type, never from the uploaded name.
        name = f"logo-{uuid.uuid4().hex}.{LOGO_EXTENSIONS[content_type]}"
        profile.logo.save(name, logo, save=False)
        profile.logo_content_type = content_type
    stamp_history(profile, actor=actor, reason=reason)
    profile.save()
    return profile
