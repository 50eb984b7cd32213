"""Pages for the organisation's structure: business units, bodies, regulations (thin views, DESIGN.md convention 5).

Each view: gate (councils/permissions.py), form, service (councils/services.py), redirect or render.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from councils import services
from councils.forms import (
    BodyCreateForm,
    BodyForm,
    BodyManageForm,
    BusinessUnitFilterForm,
    BusinessUnitForm,
    BusinessUnitMergeForm,
    BusinessUnitMoveForm,
    ChamberCreateForm,
    CouncilConvertForm,
    CouncilDissolveForm,
    DatedReasonForm,
    HouseRulesForm,
    MembersTransferForm,
    ReasonForm,
    RegulationDocumentConsentForm,
    RegulationDocumentForm,
    RegulationForm,
    RegulationVersionActivateForm,
    RepresentationStartForm,
    RepresentedOnForm,
    ScopeConfigurationForm,
)
from councils.models import (
    ActionItem,
    Body,
    BodyKind,
    BusinessUnit,
    DisputeCommittee,
    HouseRules,
    Regulation,
    RegulationDocument,
    RegulationVersion,
    RegulationVersionStatus,
    Representation,
    ScopeThreshold,
    ServiceKindRule,
    joint_meeting_tally,
    scope_configuration,
)
from councils.permissions import (
    BodyAction,
    UnitAction,
    bodies_for_user,
    body_allows,
    body_for_user,
    may_change_structure,
    may_configure_scope,
    require_administrator,
    require_compliance_access,
    require_scope_configurator,
    unit_for_user,
    units_for_user,
)
from councils.scope import ServiceKind, representation_warning
from incluzio_mz.lib.history import history_entries, merged_history
from incluzio_mz.lib.views import run_service
from panels.queries import local_connection

UNITS_PER_PAGE = 25


def _unit_rows(units: list[BusinessUnit]) -> list[dict[str, Any]]:
    """Per unit: its obligation (W-SCOPE-1..3), the bodies representing it today, and the W-SCOPE-4 warning.

    The configuration (thresholds, kinds of service) is read once for all rows.
    """
    rows = []
    thresholds = scope_configuration()
    for unit in units:
        obligation = unit.council_obligation(thresholds=thresholds)
        bodies = [r.body for r in getattr(unit, "representations_on_day", [])]
        warning = (
            representation_warning(required=obligation.required, statutory_flags=[b.statutory for b in bodies])
            if unit.active
            else None
        )
        rows.append({"unit": unit, "obligation": obligation, "bodies": bodies, "warning": warning})
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Business units


@login_required
def business_unit_list_view(request: HttpRequest) -> HttpResponse:
    units = units_for_user(request.user).with_representations_on(timezone.localdate())
    filters = BusinessUnitFilterForm(request.GET or None)
    status, service = "active", ""
    if filters.is_valid():
        status = filters.cleaned_data["status"] or "active"
        service = filters.cleaned_data["service"]
    if status == "active":
        units = units.active()
    elif status == "archived":
        units = units.archived()
    if service:
        units = units.with_service(service)
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "filters": filters,
        "page": page,
        "rows": _unit_rows(list(page.object_list)),
        "query": query.urlencode(),
        "may_change": may_change_structure(request.user),
        # Link a body only for whoever may open its page (a supporter sees units of councils they cannot open).
        "visible_body_ids": set(bodies_for_user(request.user).values_list("pk", flat=True)),
    }
    return render(request, "councils/business_unit_list.html", context)


@login_required
def business_unit_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    unit = unit_for_user(request.user, slug)
    today = timezone.localdate()
    asked = RepresentedOnForm(request.GET or None)
    asked_day: date | None = asked.cleaned_data["on"] if asked.is_valid() else None
    representations = list(
        Representation.objects.filter(unit=unit)
        .select_related("body")
        .prefetch_related("body__periods")
        .order_by("-valid_from", "body__name")
    )
    # W-BODY-5: each period shows the body as it was then (its name and kind of those days).
    timeline = sorted(
        (segment for representation in representations for segment in representation.segments()),
        key=lambda segment: (segment.valid_from, segment.name),
        reverse=True,
    )
    context = {
        "unit": unit,
        "timeline": timeline,
        "row": _unit_rows(
            [BusinessUnit.objects.with_representations_on(today).get(pk=unit.pk)]  # the one row, as on the list
        )[0],
        "representations": representations,
        "merged_units": list(unit.merged_units.order_by("name")),
        "asked": asked,
        "asked_day": asked_day,
        "asked_bodies": (
            [
                {"body": r.body, "name": r.body.name_on(asked_day), "kind": r.body.kind_label_on(asked_day)}
                for r in representations
                if r.is_current(on=asked_day)
            ]
            if asked_day
            else None
        ),
        "may_change": may_change_structure(request.user),
        "may_configure": may_configure_scope(request.user),
        "visible_body_ids": set(bodies_for_user(request.user).values_list("pk", flat=True)),
    }
    return render(request, "councils/business_unit_detail.html", context)


@login_required
def business_unit_create_view(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    form = BusinessUnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result: dict[str, BusinessUnit] = {}

        def create() -> None:
            result["unit"] = services.business_unit_create(
                name=data["name"],
                slug=data["slug"],
                municipality=data["municipality"],
                services=data["services"],
                ambulatory_first_line=data["ambulatory_first_line"],
                care_provider_count=data["care_provider_count"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, create):
            messages.success(request, _("The business unit has been added."))
            return redirect("councils:business_unit_detail", slug=result["unit"].slug)
    return render(request, "councils/business_unit_form.html", {"form": form, "unit": None})


@login_required
def business_unit_update_view(request: HttpRequest, slug: str) -> HttpResponse:
    unit = unit_for_user(request.user, slug, UnitAction.STRUCTURE)
    form = BusinessUnitForm(request.POST or None, unit=unit, initial=BusinessUnitForm.initial_for(unit))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}

        def update() -> None:
            services.business_unit_update(
                unit=unit,
                data=data,
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )

        if run_service(form, update):
            messages.success(request, _("The changes have been saved."))
            return redirect("councils:business_unit_detail", slug=data["slug"])
    return render(request, "councils/business_unit_form.html", {"form": form, "unit": unit})


def _unit_change_view(
    request: HttpRequest, slug: str, *, form_class: type[DatedReasonForm], action: str, template: str
) -> HttpResponse:
    """Merge, move or close: one form with a date and a reason, then the service, then back to the unit."""
    unit = unit_for_user(request.user, slug, UnitAction.STRUCTURE)
    if unit.is_archived:
        messages.error(request, _("%(unit)s is archived; its structure can no longer change.") % {"unit": unit.name})
        return redirect("councils:business_unit_detail", slug=unit.slug)
    kwargs: dict[str, Any] = {"unit": unit} if form_class is BusinessUnitMergeForm else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = request.user

        def change() -> None:
            common = {"on": data["on"], "actor": actor, "reason": data["reason"]}
            if action == "merge":
                services.business_unit_merge(source=unit, target=data["target"], **common)
            elif action == "move":
                services.business_unit_move(unit=unit, body=data["body"], **common)
            else:
                services.business_unit_close(unit=unit, **common)

        if run_service(form, change):
            messages.success(request, _("The change has been recorded."))
            return redirect("councils:business_unit_detail", slug=unit.slug)
    return render(request, template, {"form": form, "unit": unit})


@login_required
def business_unit_merge_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _unit_change_view(
        request, slug, form_class=BusinessUnitMergeForm, action="merge", template="councils/business_unit_merge.html"
    )


@login_required
def business_unit_move_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _unit_change_view(
        request, slug, form_class=BusinessUnitMoveForm, action="move", template="councils/business_unit_move.html"
    )


@login_required
def business_unit_close_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _unit_change_view(
        request, slug, form_class=DatedReasonForm, action="close", template="councils/business_unit_close.html"
    )


@login_required
def business_unit_history_view(request: HttpRequest, slug: str) -> HttpResponse:
    unit = unit_for_user(request.user, slug, UnitAction.STRUCTURE)
    representations = Representation.history.filter(unit_id=unit.pk).select_related("history_user", "body")
    entries = merged_history(
        history_entries(unit.history.select_related("history_user"), subject=unit.name),
        history_entries(representations, subject=_("Representation")),
    )
    return render(request, "councils/history.html", {"subject": unit, "entries": entries, "kind": "unit"})


def _yes_no(value: Any) -> Any:
    """A history value as people read it: yes or no instead of True or False."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@login_required
@require_http_methods(["GET", "POST"])
def scope_configuration_view(request: HttpRequest) -> HttpResponse:
    """The obligation check's thresholds and kinds of service (W-SCOPE-1, W-SCOPE-3): change them, see the history."""
    require_scope_configurator(request.user)
    current = scope_configuration()
    form = ScopeConfigurationForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():

        def update() -> None:
            services.scope_configuration_update(
                thresholds=form.thresholds(),
                kinds=form.kinds(),
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )

        if run_service(form, update):
            messages.success(request, _("The changes have been saved."))
            return redirect("councils:scope_configuration")
    entries = [
        replace(entry, changes=[(label, _yes_no(old), _yes_no(new)) for label, old, new in entry.changes])
        for entry in merged_history(
            history_entries(ScopeThreshold.history.select_related("history_user").order_by("-history_date")),
            history_entries(ServiceKindRule.history.select_related("history_user").order_by("-history_date")),
        )
    ]
    context = {
        "form": form,
        "current": current,
        "kinds": [current.service_basis(kind) for kind in ServiceKind.values],
        "entries": entries,
    }
    return render(request, "councils/scope_configuration.html", context)


@login_required
def compliance_overview_view(request: HttpRequest) -> HttpResponse:
    """What is missing: a required council (W-SCOPE-4), a consented regulation (W-REG-1), a supporter (W-BODY-6)."""
    require_compliance_access(request.user)
    today = timezone.localdate()
    units = BusinessUnit.objects.active().with_representations_on(today)
    rows = [row for row in _unit_rows(list(units)) if row["warning"]]
    councils = Body.objects.councils().active().without_current_regulation().order_by("name")
    unsupported = (
        Body.objects.active()
        .filter(kind__in=[BodyKind.COUNCIL, BodyKind.CHAMBER])
        .without_supporters()
        .select_related("parent")
        .order_by("name")
    )
    # W-REG-1: councils whose settings in force were set without the council's consent (a first regulation).
    unconsented = (
        Body.objects.councils()
        .active()
        .filter(
            regulation__parameter_versions__status=RegulationVersionStatus.EFFECTIVE,
            regulation__parameter_versions__consented=False,
        )
        .order_by("name")
    )
    context = {
        "rows": rows,
        "councils": councils,
        "unconsented": unconsented,
        "unsupported": unsupported,
        "today": today,
        "may_configure": may_configure_scope(request.user),
    }
    return render(request, "councils/compliance_overview.html", context)


# ---------------------------------------------------------------------------------------------------------------
# Bodies


@login_required
def body_list_view(request: HttpRequest) -> HttpResponse:
    """The tree: councils with their chambers and the panels that feed them, then panels on their own."""
    bodies = list(bodies_for_user(request.user).with_unit_count_on(timezone.localdate()).order_by("name"))
    children: dict[int, list[Body]] = {}
    for body in bodies:
        if body.parent_id is not None:
            children.setdefault(body.parent_id, []).append(body)
    visible = {body.pk for body in bodies}
    roots = [body for body in bodies if body.parent_id is None or body.parent_id not in visible]
    roots.sort(key=lambda body: (body.kind != BodyKind.COUNCIL, not body.active, body.name))
    tree = [{"body": body, "children": children.get(body.pk, [])} for body in roots]
    may_create = may_change_structure(request.user)
    return render(request, "councils/body_list.html", {"tree": tree, "may_create": may_create})


def _regulation_of(body: Body) -> Regulation | None:
    """The regulation that applies to a body: its own (council) or its council's (chamber)."""
    council = body if body.kind == BodyKind.COUNCIL else body.parent if body.kind == BodyKind.CHAMBER else None
    if council is None:
        return None
    return (
        Regulation.objects.filter(council=council)
        .select_related("council")
        .prefetch_related(
            Prefetch("documents", queryset=RegulationDocument.objects.order_by("kind", "-version"), to_attr="versions")
        )
        .first()
    )


@login_required
def body_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug)
    today = timezone.localdate()
    representations = list(
        Representation.objects.filter(body=body).select_related("unit").order_by("-valid_from", "unit__name")
    )
    regulation = _regulation_of(body)
    council = body.kind == BodyKind.COUNCIL
    rules_council = body if council else body.parent if body.kind == BodyKind.CHAMBER else None
    context = {
        "body": body,
        # W-OVL-1: the council's joint meetings with the board this year against the target (minimum 1), and the
        # board's open commitments ("toezeggingen") until they are done.
        "joint_tally": joint_meeting_tally(body, year=today.year, now=timezone.now()) if council else None,
        "commitments": (
            list(ActionItem.objects.for_body(body).commitments().open().select_related("meeting")) if council else []
        ),
        "children": list(bodies_for_user(request.user).filter(parent=body).order_by("kind", "name")),
        "current": [r for r in representations if r.is_current(on=today)],
        "representations": representations,
        "supporters": services.body_supporters(body),
        "regulation": regulation,
        "current_regulation": regulation.current_document("regulation") if regulation else None,
        # W-REG-1: the version in force, a pending proposal and which consent made each version effective.
        "regulation_versions": (
            list(
                regulation.parameter_versions.exclude(status=RegulationVersionStatus.WITHDRAWN).select_related(
                    "consent_request", "ruling"
                )
            )
            if regulation
            else []
        ),
        "pending_changes": (
            _changes(regulation, pending) if regulation and (pending := regulation.pending_proposal()) else []
        ),
        # W-REG-3: the council's own house rules (a chamber shows its council's).
        "house_rules_council": rules_council,
        "house_rules": (
            HouseRules.objects.filter(council=rules_council).select_related("meeting").order_by("-version").first()
            if rules_council
            else None
        ),
        "may_house_rules": body_allows(request.user, body, BodyAction.HOUSE_RULES),
        "conversions": list(body.conversions.select_related("consent_request", "ruling")),
        # W-BODY-5: what the body was over time (name, kind), newest first.
        "periods": sorted(body.periods.all(), key=lambda period: period.valid_from or date.min, reverse=True),
        "may_manage": body_allows(request.user, body, BodyAction.MANAGE),
        "may_structure": body_allows(request.user, body, BodyAction.STRUCTURE),
        # W-SCOPE-5 (issue 8): per represented unit the last working visit, panel contact and signals.
        "local_connection": local_connection(body, on=today) if council else {},
    }
    return render(request, "councils/body_detail.html", context)


@login_required
def body_create_view(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    form = BodyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result: dict[str, Body] = {}

        def create() -> None:
            result["body"] = services.body_create(
                kind=data["kind"],
                name=data["name"],
                slug=data["slug"],
                parent=data["parent"],
                public_description=data["public_description"],
                contact_email=data["contact_email"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, create):
            messages.success(request, _("The body has been added."))
            return redirect("councils:body_detail", slug=result["body"].slug)
    return render(request, "councils/body_form.html", {"form": form, "body": None})


@login_required
def body_update_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.MANAGE)
    # Supporters change the public text and contact address; administrators also the name and place.
    form_class = BodyForm if body_allows(request.user, body, BodyAction.STRUCTURE) else BodyManageForm
    form = form_class(request.POST or None, body=body, initial=form_class.initial_for(body))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form_class.FIELDS}

        def update() -> None:
            services.body_update(
                body=body,
                data=data,
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )

        if run_service(form, update):
            messages.success(request, _("The changes have been saved."))
            return redirect("councils:body_detail", slug=data.get("slug", body.slug))
    return render(request, "councils/body_form.html", {"form": form, "body": body})


@login_required
def chamber_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    council = body_for_user(request.user, slug, BodyAction.STRUCTURE)
    if council.kind != BodyKind.COUNCIL:
        raise Http404
    form = ChamberCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result: dict[str, Body] = {}

        def create() -> None:
            result["chamber"] = services.chamber_create(
                council=council,
                name=data["name"],
                slug=data["slug"],
                public_description=data["public_description"],
                contact_email=data["contact_email"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, create):
            messages.success(request, _("The chamber has been added."))
            return redirect("councils:body_detail", slug=result["chamber"].slug)
    return render(request, "councils/chamber_create.html", {"form": form, "body": council})


@login_required
def council_convert_to_panel_view(request: HttpRequest, slug: str) -> HttpResponse:
    council = body_for_user(request.user, slug, BodyAction.STRUCTURE)
    if council.kind != BodyKind.COUNCIL:
        raise Http404
    form = CouncilConvertForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def convert() -> None:
            services.council_convert_to_panel(
                council=council,
                consent_request=data["consent_request"],
                ruling=data["ruling"],
                on=data["on"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, convert):
            messages.success(request, _("The council is now a client panel. Its members and history stay."))
            return redirect("councils:body_detail", slug=council.slug)
    return render(request, "councils/council_convert_to_panel.html", {"form": form, "body": council})


def _body_still_exists(request: HttpRequest, body: Body) -> HttpResponse | None:
    """An ended body's structure can no longer change: back to its page with a message."""
    if body.ended_on is None:
        return None
    messages.error(request, _("%(body)s no longer exists; its structure can no longer change.") % {"body": body.name})
    return redirect("councils:body_detail", slug=body.slug)


@login_required
def body_end_view(request: HttpRequest, slug: str) -> HttpResponse:
    """End a panel or chamber (issue 14); a council is dissolved instead."""
    body = body_for_user(request.user, slug, BodyAction.STRUCTURE)
    if body.kind == BodyKind.COUNCIL:
        raise Http404
    if (ended := _body_still_exists(request, body)) is not None:
        return ended
    form = DatedReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def end() -> None:
            services.body_end(body=body, on=data["on"], actor=request.user, reason=data["reason"])  # type: ignore[arg-type]

        if run_service(form, end):
            messages.success(request, _("The body has ended. Its page and history stay."))
            return redirect("councils:body_detail", slug=body.slug)
    return render(request, "councils/body_end.html", {"form": form, "body": body})


@login_required
def council_dissolve_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Dissolve a council with its consent on topic k or a ruling that permits it (W-BODY-4, W-BODY-7)."""
    council = body_for_user(request.user, slug, BodyAction.STRUCTURE)
    if council.kind != BodyKind.COUNCIL:
        raise Http404
    if (ended := _body_still_exists(request, council)) is not None:
        return ended
    form = CouncilDissolveForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def dissolve() -> None:
            services.council_dissolve(
                council=council,
                consent_request=data["consent_request"],
                ruling=data["ruling"],
                on=data["on"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, dissolve):
            messages.success(request, _("The council has been dissolved. Its page and history stay."))
            return redirect("councils:body_detail", slug=council.slug)
    return render(request, "councils/council_dissolve.html", {"form": form, "body": council})


@login_required
def body_members_transfer_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Move members of this body to another body, keeping their trial and term (W-BODY-3)."""
    from members.services.memberships import memberships_transfer

    body = body_for_user(request.user, slug, BodyAction.STRUCTURE)
    if (ended := _body_still_exists(request, body)) is not None:
        return ended
    form = MembersTransferForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def transfer() -> None:
            memberships_transfer(
                memberships=list(data["memberships"]),
                to_body=data["to_body"],
                on=data["on"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, transfer):
            messages.success(request, _("The members have moved. Their trial period and term stay the same."))
            return redirect("councils:body_detail", slug=body.slug)
    return render(request, "councils/body_members_transfer.html", {"form": form, "body": body})


@login_required
def representation_start_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.STRUCTURE)
    form = RepresentationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def start() -> None:
            services.representation_start(
                body=body,
                unit=data["unit"],
                on=data["on"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, start):
            messages.success(request, _("The body now represents this unit."))
            return redirect("councils:body_detail", slug=body.slug)
    return render(request, "councils/representation_start.html", {"form": form, "body": body})


def _council_regulation(request: HttpRequest, slug: str) -> tuple[Body, Regulation]:
    council = body_for_user(request.user, slug, BodyAction.STRUCTURE)
    regulation = Regulation.objects.filter(council=council).first() if council.kind == BodyKind.COUNCIL else None
    if regulation is None:
        raise Http404
    return council, regulation


@login_required
def regulation_update_view(request: HttpRequest, slug: str) -> HttpResponse:
    """W-REG-1: a change of the settings is proposed; it takes effect only with the council's consent."""
    council, regulation = _council_regulation(request, slug)
    pending = regulation.pending_proposal()
    form = RegulationForm(request.POST or None, initial=RegulationForm.initial_for(regulation))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}

        def propose() -> None:
            services.regulation_change_propose(
                regulation=regulation,
                data=data,
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )

        if run_service(form, propose):
            messages.success(
                request, _("The change has been proposed. It takes effect when the council has given its consent.")
            )
            return redirect("councils:body_detail", slug=council.slug)
    context = {"form": form, "body": council, "pending": pending}
    return render(request, "councils/regulation_update.html", context)


def _proposal(regulation: Regulation, number: int) -> RegulationVersion:
    version = regulation.parameter_versions.filter(number=number, status=RegulationVersionStatus.PROPOSED).first()
    if version is None:
        raise Http404
    return version


@login_required
@require_http_methods(["GET", "POST"])
def regulation_version_activate_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """W-REG-1: bring a proposed change into force with the council's granted consent (or a replacing ruling)."""
    council, regulation = _council_regulation(request, slug)
    version = _proposal(regulation, number)
    form = RegulationVersionActivateForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def activate() -> None:
            services.regulation_version_activate(
                version=version,
                consent_request=data["consent_request"],
                ruling=data["ruling"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, activate):
            messages.success(request, _("The changed regulation is now in force."))
            return redirect("councils:body_detail", slug=council.slug)
    context = {"form": form, "body": council, "version": version, "changes": _changes(regulation, version)}
    return render(request, "councils/regulation_version_activate.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def regulation_version_withdraw_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    council, regulation = _council_regulation(request, slug)
    version = _proposal(regulation, number)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def withdraw() -> None:
            services.regulation_version_withdraw(
                version=version,
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )

        if run_service(form, withdraw):
            messages.success(request, _("The proposed change has been withdrawn."))
            return redirect("councils:body_detail", slug=council.slug)
    context = {"form": form, "body": council, "version": version, "changes": _changes(regulation, version)}
    return render(request, "councils/regulation_version_withdraw.html", context)


def _display(name: str, value: Any) -> str:
    """A setting's value as the pages show it (never a raw code or True/False)."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "dispute_committee":
        return str(DisputeCommittee(value).label)
    if name == "reminder_days_before":
        return ", ".join(str(day) for day in value)
    if name == "allowance_per_meeting":
        return f"€ {number_format(Decimal(str(value)), 2)}"
    return str(value)


def _changes(regulation: Regulation, version: RegulationVersion) -> list[dict[str, str]]:
    """The settings a proposal changes: label, value in force, proposed value."""
    current = services.regulation_values(regulation)
    return [
        {
            "label": str(Regulation._meta.get_field(name).verbose_name).capitalize(),  # type: ignore[union-attr]
            "old": _display(name, current[name]),
            "new": _display(name, version.values.get(name)),
        }
        for name in services.REGULATION_FIELDS
        if version.values.get(name) != current[name]
    ]


@login_required
def regulation_document_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    council, regulation = _council_regulation(request, slug)
    form = RegulationDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def add() -> None:
            services.regulation_document_add(
                regulation=regulation,
                kind=data["kind"],
                file=data["file"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, add):
            messages.success(request, _("The new version has been added as a draft."))
            return redirect("councils:body_detail", slug=council.slug)
    return render(request, "councils/regulation_document_add.html", {"form": form, "body": council})


def _regulation_document(regulation: Regulation, kind: str, version: int) -> RegulationDocument:
    document = regulation.documents.filter(kind=kind, version=version).first()
    if document is None:
        raise Http404
    return document


@login_required
def regulation_document_set_consent_view(request: HttpRequest, slug: str, kind: str, version: int) -> HttpResponse:
    council, regulation = _council_regulation(request, slug)
    document = _regulation_document(regulation, kind, version)
    form = RegulationDocumentConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def decide() -> None:
            services.regulation_document_set_consent(
                document=document,
                status=data["status"],
                consent_date=data["consent_date"],
                actor=request.user,  # type: ignore[arg-type]
                reason=data["reason"],
            )

        if run_service(form, decide):
            messages.success(request, _("The consent status has been saved."))
            return redirect("councils:body_detail", slug=council.slug)
    context = {"form": form, "body": council, "document": document}
    return render(request, "councils/regulation_document_set_consent.html", context)


@login_required
def regulation_document_download_view(request: HttpRequest, slug: str, kind: str, version: int) -> FileResponse:
    """Files are served only through the gate, never from a public media URL."""
    body = body_for_user(request.user, slug)
    regulation = _regulation_of(body)
    if regulation is None:
        raise Http404
    document = _regulation_document(regulation, kind, version)
    filename = f"{regulation.council.slug}-{document.kind}-v{document.version}{_suffix(document.file.name or '')}"
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=filename)


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > name.rfind("/") else ""


@login_required
def body_history_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.STRUCTURE)
    representations = Representation.history.filter(body_id=body.pk).select_related("history_user", "unit")
    regulation = Regulation.history.filter(council_id=body.pk).select_related("history_user")
    versions = RegulationVersion.history.filter(regulation__council_id=body.pk).select_related("history_user")
    house_rules = HouseRules.history.filter(council_id=body.pk).select_related("history_user")
    entries = merged_history(
        history_entries(body.history.select_related("history_user"), subject=body.name),
        history_entries(representations, subject=_("Representation")),
        history_entries(regulation, subject=_("Participation regulation")),
        history_entries(versions, subject=_("Participation regulation")),
        history_entries(house_rules, subject=_("House rules")),
    )
    return render(request, "councils/history.html", {"subject": body, "entries": entries, "kind": "body"})


# ---------------------------------------------------------------------------------------------------------------
# House rules (W-REG-3): recorded by a supporter of the council, never by administrators or the board.


@login_required
@require_http_methods(["GET", "POST"])
def house_rules_adopt_view(request: HttpRequest, slug: str) -> HttpResponse:
    council = body_for_user(request.user, slug, BodyAction.HOUSE_RULES)
    current = HouseRules.objects.filter(council=council).order_by("-version").first()
    initial = {}
    if current is not None:
        initial = {
            "text": current.text,
            "wishes_inventory": current.wishes_inventory,
            "informing_clients": current.informing_clients,
        }
    form = HouseRulesForm(request.POST or None, request.FILES or None, council=council, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def adopt() -> None:
            services.house_rules_adopt(
                council=council,
                text=data["text"],
                file=data["file"],
                wishes_inventory=data["wishes_inventory"],
                informing_clients=data["informing_clients"],
                meeting=data["meeting"],
                adopted_on=data["adopted_on"],
                actor=request.user,  # type: ignore[arg-type]
            )

        if run_service(form, adopt):
            messages.success(request, _("The house rules have been recorded."))
            return redirect("councils:body_detail", slug=council.slug)
    return render(request, "councils/house_rules_adopt.html", {"form": form, "body": council, "current": current})
