"""Every URL pattern has an expected status for every role in the cast (DESIGN.md convention 11c).

The URL list comes from the resolver, so a new URL without an entry here fails the suite
(test_every_url_has_an_entry). Entries use short role profiles; kwargs make a concrete URL.

Django's admin is one gate (incluzio_mz/admin_site.py: administrators with a verified second factor), so its
model URLs are expanded from the admin registry with the ADMIN profile; its other URLs are listed by hand.
"""

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import ROLES, Cast
from tests.matrix.common import (
    ADMIN,
    ANONYMOUS_ONLY,
    BOARD_AND_ADMIN,
    BODY_MANAGE,
    BODY_STRUCTURE,
    BODY_VIEW,
    COUNCIL_STRUCTURE,
    LOGGED_IN,
    PEOPLE,
    PERSON_MANAGE,
    PERSON_VIEW,
    POST_ONLY,
    PUBLIC,
    STAFF,
    YOUTH_SCHEDULE,
    YOUTH_STRUCTURE,
    YOUTH_VIEW,
    Entry,
    profile,
)

FEATURE_MATRICES = ("advice_requests", "advice_letters", "advice_disputes", "panels", "public")

MATRIX: dict[str, Entry] = {
    "home": Entry(LOGGED_IN),
    "healthz": Entry(PUBLIC),
    # Django's set_language changes the language on POST only; a GET just redirects back.
    "set_language": Entry(profile(302)),
    # The organisation profile: administrators only; the logo (none in the cast: 404) and colours are public.
    "organisation_profile_update": Entry(ADMIN),
    "organisation_logo": Entry(profile(404)),
    "organisation_theme": Entry(PUBLIC),
    "accounts:login": Entry(ANONYMOUS_ONLY),
    "accounts:logout": Entry(POST_ONLY),
    # Board and administrator have an authenticator; for the others the code page sends them to set one up.
    "accounts:otp_verify": Entry(profile(302, board=200, administrator=200)),
    "accounts:otp_setup": Entry(LOGGED_IN),
    "accounts:password_reset": Entry(PUBLIC),
    "accounts:password_reset_done": Entry(PUBLIC),
    # An invalid link shows a page that says so (200), for everyone.
    "accounts:password_reset_confirm": Entry(PUBLIC, {"uidb64": "MQ", "token": "invalid-token"}),
    "accounts:password_reset_complete": Entry(PUBLIC),
    # Account management: administrators only (accounts/permissions.py); the actions are POST-only (405 on GET).
    "accounts:user_list": Entry(ADMIN),
    "accounts:user_invite": Entry(ADMIN),
    "accounts:user_detail": Entry(ADMIN, lambda cast: {"pk": cast.member.pk}),
    "accounts:user_role_add": Entry(POST_ONLY, lambda cast: {"pk": cast.member.pk}),
    "accounts:user_role_remove": Entry(POST_ONLY, lambda cast: {"pk": cast.member.pk}),
    "accounts:user_deactivate": Entry(POST_ONLY, lambda cast: {"pk": cast.member.pk}),
    "accounts:user_reactivate": Entry(POST_ONLY, lambda cast: {"pk": cast.member.pk}),
    "accounts:user_second_factor_reset": Entry(POST_ONLY, lambda cast: {"pk": cast.member.pk}),
    "accounts:user_invite_resend": Entry(POST_ONLY, lambda cast: {"pk": cast.member.pk}),
    # Structure: business units and bodies (councils/urls.py).
    "councils:business_unit_list": Entry(STAFF),
    "councils:business_unit_create": Entry(ADMIN),
    "councils:compliance_overview": Entry(BOARD_AND_ADMIN),
    # The obligation check's thresholds and kinds of service (W-SCOPE-1, W-SCOPE-3): administrators only.
    "councils:scope_configuration": Entry(ADMIN),
    "councils:business_unit_detail": Entry(BODY_VIEW, {"slug": "cast-unit"}),
    **{
        f"councils:business_unit_{view}": Entry(BODY_STRUCTURE, {"slug": "cast-unit"})
        for view in ("update", "merge", "move", "close", "history")
    },
    # An outsider sees an empty list: the page exists for every logged-in user.
    "councils:body_list": Entry(LOGGED_IN),
    "councils:body_create": Entry(ADMIN),
    "councils:body_detail": Entry(YOUTH_VIEW, {"slug": "cast-youth"}),
    "councils:body_update": Entry(BODY_MANAGE, {"slug": "cast-youth"}),
    "councils:body_history": Entry(YOUTH_STRUCTURE, {"slug": "cast-youth"}),
    # Issue 14: ending a chamber or panel, moving members, dissolving a council: administrators only.
    "councils:body_end": Entry(YOUTH_STRUCTURE, {"slug": "cast-youth"}),
    "councils:body_members_transfer": Entry(YOUTH_STRUCTURE, {"slug": "cast-youth"}),
    **{
        f"councils:{view}": Entry(COUNCIL_STRUCTURE, {"slug": "cast-council"})
        for view in (
            "chamber_create",
            "council_convert_to_panel",
            "council_dissolve",
            "representation_start",
            "regulation_update",
            "regulation_document_add",
        )
    },
    # W-REG-1: a proposed change is brought into force or withdrawn by administrators.
    "councils:regulation_version_activate": Entry(COUNCIL_STRUCTURE, lambda cast: _regulation_proposal(cast)),
    "councils:regulation_version_withdraw": Entry(COUNCIL_STRUCTURE, lambda cast: _regulation_proposal(cast)),
    # W-REG-3: only a supporter of the council itself records its house rules; the cast supporter supports a chamber,
    # so everyone who sees the council gets 403, administrators and the board included (tests/councils/
    # test_house_rules.py covers the council's supporter).
    "councils:house_rules_adopt": Entry(profile(403, anonymous=302, outsider=404), {"slug": "cast-council"}),
    "councils:regulation_document_download": Entry(YOUTH_VIEW, lambda cast: _regulation_document(cast, "cast-youth")),
    "councils:regulation_document_set_consent": Entry(
        COUNCIL_STRUCTURE, lambda cast: _regulation_document(cast, "cast-council")
    ),
    # Members (members/urls.py): the overview and registering are for supporters and administrators.
    "members:person_list": Entry(PEOPLE),
    "members:person_create": Entry(PEOPLE),
    "members:person_detail": Entry(PERSON_VIEW, lambda cast: _person(cast)),
    "members:person_update": Entry(PERSON_MANAGE, lambda cast: _person(cast)),
    "members:person_anonymise": Entry(PERSON_MANAGE, lambda cast: _person(cast)),
    "members:person_account_invite": Entry(POST_ONLY, lambda cast: _person(cast)),
    **{
        f"members:{step}": Entry(PERSON_MANAGE, lambda cast: _membership(cast))
        for step in (
            "membership_start_trial",
            "membership_evaluate_trial",
            "membership_reappoint",
            "membership_end",
            "membership_set_role",
            "membership_set_open_complaint",
            "allowance_record",
        )
    },
    # A body's member pages: the composition (counts only) for everyone who sees the body; the retirement schedule
    # (names) for the board, administrators and the body's supporters.
    "members:body_composition": Entry(YOUTH_VIEW, {"slug": "cast-youth"}),
    "members:body_retirement_schedule": Entry(YOUTH_SCHEDULE, {"slug": "cast-youth"}),
    # Every logged-in user has these pages (without a membership: a friendly text; without notifications: none).
    "members:my_membership": Entry(LOGGED_IN),
    "members:notification_list": Entry(LOGGED_IN),
    "members:notification_read": Entry(POST_ONLY, {"pk": 1}),
    # Vacancies (W-MEM-7): the supporters' pages of a body (members/vacancy_views.py), and the public pages
    # without a login (members/public_urls.py, namespace "public"): 200 for everyone, whether logged in or not.
    "members:vacancy_list": Entry(BODY_MANAGE, {"slug": "cast-youth"}),
    "members:vacancy_create": Entry(BODY_MANAGE, {"slug": "cast-youth"}),
    "members:vacancy_close": Entry(POST_ONLY, lambda cast: _vacancy(cast)),
    "public:vacancy_list": Entry(PUBLIC, {"slug": "cast-youth"}),
    "public:vacancy_respond": Entry(PUBLIC, lambda cast: _vacancy(cast)),
    "public:vacancy_thanks": Entry(PUBLIC, {"slug": "cast-youth"}),
    # Meetings (councils/meetings/urls.py), around a chamber meeting of cast-youth made through the services: who
    # sees the chamber sees its meetings (the board sees every meeting); its supporter and administrators manage it.
    "meetings:meeting_list": Entry(LOGGED_IN),
    "meetings:meeting_create": Entry(BODY_MANAGE, {"slug": "cast-youth"}),
    "meetings:meeting_detail": Entry(YOUTH_VIEW, lambda cast: _meeting(cast)),
    **{
        f"meetings:{view}": Entry(BODY_MANAGE, lambda cast: _meeting(cast))
        for view in (
            "meeting_update",
            "meeting_cancel",
            "agenda_item_add",
            "document_upload",
            "minutes_edit",
            "attendance_record",
        )
    },
    **{
        f"meetings:{view}": Entry(POST_ONLY, lambda cast: _meeting(cast))
        for view in ("meeting_publish_agenda", "meeting_mark_held", "minutes_share")
    },
    "meetings:agenda_item_update": Entry(BODY_MANAGE, lambda cast: _agenda_item(cast)),
    "meetings:agenda_item_move": Entry(POST_ONLY, lambda cast: _agenda_item(cast)),
    "meetings:agenda_item_link_document": Entry(POST_ONLY, lambda cast: _agenda_item(cast)),
    # A public-level document of cast-youth: readable by who sees the chamber; managed by who manages it.
    "meetings:document_add_version": Entry(BODY_MANAGE, lambda cast: _document(cast)),
    "meetings:document_download": Entry(YOUTH_VIEW, lambda cast: {**_document(cast), "number": 1}),
    "meetings:minutes_approve": Entry(BODY_MANAGE, lambda cast: _held_meeting_with_minutes(cast, approve=False)),
    "meetings:minutes_correct": Entry(BODY_MANAGE, lambda cast: _held_meeting_with_minutes(cast, approve=True)),
    "meetings:action_list": Entry(YOUTH_VIEW, {"slug": "cast-youth"}),
    "meetings:action_item_create": Entry(BODY_MANAGE, {"slug": "cast-youth"}),
    "meetings:action_item_complete": Entry(POST_ONLY, lambda cast: _action_item(cast)),
    "meetings:action_item_drop": Entry(BODY_MANAGE, lambda cast: _action_item(cast)),
    # The personal iCal feed (councils/meetings/calendar_urls.py, namespace "calendar"): no login, the token is the
    # gate, so without one it is 404 for everyone (tests/councils/meetings/test_calendar.py covers real tokens). Its
    # settings page is for every logged-in user; renewing is POST-only. The agenda PDF follows the meeting gate:
    # a meeting of cast-youth (not seen by the other chamber's member), with its PDF rendered.
    "calendar:feed": Entry(profile(404)),
    "calendar:feed_settings": Entry(LOGGED_IN),
    "calendar:feed_token_renew": Entry(POST_ONLY),
    "calendar:agenda_pdf": Entry(YOUTH_VIEW, lambda cast: _agenda_pdf(cast)),
    # Admin pages that are not per model.
    "admin:index": Entry(ADMIN),
    "admin:app_list": Entry(ADMIN, {"app_label": "accounts"}),
    "admin:password_change": Entry(ADMIN),
    "admin:password_change_done": Entry(ADMIN),
    "admin:jsi18n": Entry(ADMIN),
    "admin:logout": Entry(profile(403, anonymous=302, administrator=405)),
    "admin:login": Entry(profile(403, anonymous=302, administrator=302)),
    "admin:autocomplete": Entry(profile(403, anonymous=302, administrator=403)),
    "admin:view_on_site": Entry(profile(403, anonymous=302, administrator=404), {"content_type_id": 1, "object_id": 1}),
    # The admin's catch-all (unnamed): unknown admin paths.
    "admin/(?P<url>.*)$": Entry(profile(403, anonymous=302, administrator=404), {"url": "nope/"}),
}


# Where the administrator does not get 200 on a generated admin entry: django-axes' logs cannot be added by
# hand, and the cast has no failed logins (a test client login does write an AccessLog row); the admin
# redirects from a missing object to the list, with a message.
ADMIN_EXCEPTIONS = {
    **{f"admin:axes_{model}_add": 403 for model in ("accessattempt", "accessfailurelog", "accesslog")},
    **{
        f"admin:axes_{model}_{view}": 302
        for model in ("accessattempt", "accessfailurelog")
        for view in ("change", "delete", "history")
    },
}


def _admin_model_entries() -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for model in admin.site._registry:
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"

        def object_kwargs(cast: Cast, model: Any = model) -> dict[str, Any]:
            obj = model._default_manager.first()
            if obj is None and model is Group:
                obj = Group.objects.create(name="test")
            return {"object_id": obj.pk if obj is not None else 0}

        entries[f"{prefix}_changelist"] = Entry(ADMIN)
        entries[f"{prefix}_add"] = Entry(ADMIN)
        for view in ("change", "history", "delete"):
            entries[f"{prefix}_{view}"] = Entry(ADMIN, object_kwargs)
        # The admin's unnamed redirect from <id>/ to <id>/change/.
        entries[f"admin/{meta.app_label}/{meta.model_name}/<path:object_id>/"] = Entry(
            profile(403, anonymous=302, administrator=302), {"url": f"{meta.app_label}/{meta.model_name}/1/"}
        )
    # Extra per-model admin views.
    entries["admin:auth_user_password_change"] = Entry(ADMIN, lambda cast: {"id": cast.member.pk})
    entries["admin:accounts_user_simple_history"] = Entry(
        ADMIN, lambda cast: {"args": [cast.member.pk, cast.member.history.first().pk]}
    )
    entries["admin:otp_totp_totpdevice_config"] = Entry(ADMIN, object_kwargs_totp)
    entries["admin:otp_totp_totpdevice_qrcode"] = Entry(ADMIN, object_kwargs_totp)
    for key, status in ADMIN_EXCEPTIONS.items():
        entries[key] = Entry(profile(403, anonymous=302, administrator=status), entries[key].kwargs)
    return entries


def _regulation_document(cast: Cast, slug: str) -> dict[str, Any]:
    """A draft regulation text of the cast council, addressed through the page of body `slug`."""
    from councils.services import regulation_document_add

    document = regulation_document_add(
        regulation=cast.council.regulation,
        kind="regulation",
        file=ContentFile(b"%PDF-1.4 test", name="regeling.pdf"),
        actor=None,
        reason="test",
    )
    return {"slug": slug, "kind": document.kind, "version": document.version}


def _regulation_proposal(cast: Cast) -> dict[str, Any]:
    """A proposed change of the cast council's regulation, waiting for the council's consent."""
    from councils.services import regulation_change_propose

    regulation = cast.council.regulation
    version = regulation.pending_proposal() or regulation_change_propose(
        regulation=regulation, data={"trial_months": 6}, actor=None, reason="test"
    )
    return {"slug": "cast-council", "number": version.number}


def _vacancy(cast: Cast) -> dict[str, Any]:
    """An open vacancy of the cast youth chamber, published through the service."""
    import datetime

    from django.utils import timezone

    from members.services.vacancies import vacancy_publish

    vacancy = vacancy_publish(
        body=cast.chamber,
        title="Jongeren gezocht",
        text="Denk mee.",
        group="youth",
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        actor=None,
    )
    return {"slug": cast.chamber.slug, "uuid": vacancy.uuid}


def _meeting(cast: Cast) -> dict[str, Any]:
    """A chamber meeting of cast-youth next week, planned through the service."""
    from tests.factories import make_meeting

    return {"uuid": make_meeting(body=cast.chamber).uuid}


def _agenda_item(cast: Cast) -> dict[str, Any]:
    from councils.meetings.services import agenda_item_add
    from councils.models import Meeting
    from tests.factories import make_meeting

    meeting: Meeting = make_meeting(body=cast.chamber)
    item = agenda_item_add(meeting=meeting, title="Opening", kind="information", actor=None)
    return {"uuid": meeting.uuid, "pk": item.pk}


def _document(cast: Cast) -> dict[str, Any]:
    from councils.models import Confidentiality
    from tests.factories import make_document

    return {"uuid": make_document(body=cast.chamber, confidentiality=Confidentiality.PUBLIC).uuid}


def _held_meeting_with_minutes(cast: Cast, *, approve: bool) -> dict[str, Any]:
    """A meeting of cast-youth two days ago, held, with shared minutes (approved at a later meeting if asked)."""
    import datetime

    from django.utils import timezone

    from councils.meetings import services as meeting_services
    from tests.factories import make_meeting

    meeting = make_meeting(body=cast.chamber, starts_at=timezone.now() - datetime.timedelta(days=2))
    meeting_services.agenda_item_add(meeting=meeting, title="Opening", kind="information", actor=None)
    meeting_services.meeting_publish_agenda(meeting=meeting, actor=None)
    meeting_services.meeting_mark_held(meeting=meeting, actor=None)
    minutes = meeting_services.minutes_save_draft(meeting=meeting, text="Besproken.", actor=None)
    meeting_services.minutes_share(minutes=minutes, actor=None)
    if approve:
        later = make_meeting(body=cast.chamber)
        meeting_services.minutes_approve(
            minutes=minutes, approved_on=timezone.localdate(), at_meeting=later, actor=None
        )
    return {"uuid": meeting.uuid}


def _action_item(cast: Cast) -> dict[str, Any]:
    from councils.meetings.services import action_item_create

    item = action_item_create(body=cast.chamber, kind="decision", title="Besluit", actor=None)
    return {"slug": cast.chamber.slug, "pk": item.pk}


def _agenda_pdf(cast: Cast) -> dict[str, Any]:
    """A published meeting of the cast youth chamber whose agenda PDF has been rendered."""
    from django.utils import timezone

    from councils.meetings import services as meeting_services
    from councils.meetings.services.agenda_pdf import meeting_agenda_pdf_render
    from tests.factories import make_meeting

    meeting = make_meeting(body=cast.chamber)
    meeting_services.agenda_item_add(meeting=meeting, title="Opening", kind="information", actor=None)
    meeting_services.meeting_publish_agenda(meeting=meeting, actor=None)
    meeting_agenda_pdf_render(meeting_id=meeting.pk, now=timezone.now())
    return {"uuid": meeting.uuid}


def _person(cast: Cast) -> dict[str, Any]:
    return {"uuid": cast.member_person.uuid}


def _membership(cast: Cast) -> dict[str, Any]:
    """cast.member's (active) membership of cast.chamber."""
    membership = cast.member_person.memberships.get(body=cast.chamber)
    return {"uuid": cast.member_person.uuid, "membership": membership.uuid}


def object_kwargs_totp(cast: Cast) -> dict[str, Any]:
    return {"pk": TOTPDevice.objects.get(user=cast.board).pk}


MATRIX.update(_admin_model_entries())
# Feature matrices (tests/matrix/<feature>.py, each with ENTRIES); a key listed twice is a mistake.
for _module in FEATURE_MATRICES:
    _entries = importlib.import_module(f"tests.matrix.{_module}").ENTRIES
    assert not set(_entries) & set(MATRIX), set(_entries) & set(MATRIX)
    MATRIX.update(_entries)


def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            key = f"{namespace}{pattern.name}" if pattern.name else prefix + str(pattern.pattern)
            yield key, pattern


def all_url_keys() -> list[str]:
    return sorted({key for key, _pattern in _walk(get_resolver().url_patterns)})


def test_every_url_has_an_entry() -> None:
    missing = [key for key in all_url_keys() if key not in MATRIX]
    assert not missing, f"URLs without a permission-matrix entry in {__file__}: {missing}"


def test_no_stale_entries() -> None:
    stale = set(MATRIX) - set(all_url_keys())
    assert not stale, f"Matrix entries for URLs that no longer exist: {sorted(stale)}"


def _url(key: str, entry: Entry, cast: Cast) -> str:
    kwargs = entry.kwargs(cast) if callable(entry.kwargs) else entry.kwargs
    if key.startswith("admin/"):  # unnamed admin patterns
        return "/admin/" + kwargs["url"]
    if "args" in kwargs:  # a regex pattern with positional groups
        return reverse(key, args=kwargs["args"]) + entry.query
    return reverse(key, kwargs=kwargs) + entry.query


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_status_per_role(key: str, cast: Cast) -> None:
    entry = MATRIX[key]
    actual = {}
    for role in ROLES:
        response = cast.client(role).get(_url(key, entry, cast))
        actual[role] = response.status_code
    assert actual == entry.expected, f"{key}: {actual}"
