"""Pages for the organisation's structure: business units, bodies, regulations (thin views, DESIGN.md convention 5).

Each view: gate (councils/permissions.py), form, service (councils/services.py), redirect or render.
"""

from dataclasses import replace
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
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
    DatedReasonForm,
    RegulationDocumentConsentForm,
    RegulationDocumentForm,
    RegulationForm,
    RepresentationStartForm,
    RepresentedOnForm,
    ScopeConfigurationForm,
)
from councils.models import (
    ActionItem,
    Body,
    BodyKind,
    BusinessUnit,
    Regulation,
    RegulationDocument,
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
    }
    return render(request, "councils/business_unit_list.html", context)


@login_required
def business_unit_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    unit = unit_for_user(request.user, slug)
    today = timezone.localdate()
    asked = RepresentedOnForm(request.GET or None)
    asked_day: date | None = asked.cleaned_data["on"] if asked.is_valid() else None
    representations = list(
        Representation.objects.filter(unit=unit).select_related("body").order_by("-valid_from", "body__name")
    )
    context = {
        "unit": unit,
        "row": _unit_rows(
            [BusinessUnit.objects.with_representations_on(today).get(pk=unit.pk)]  # the one row, as on the list
        )[0],
        "representations": representations,
        "merged_units": list(unit.merged_units.order_by("name")),
        "asked": asked,
        "asked_day": asked_day,
        "asked_bodies": [r.body for r in representations if r.is_current(on=asked_day)] if asked_day else None,
        "may_change": may_change_structure(request.user),
        "may_configure": may_configure_scope(request.user),
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
    context = {
        "rows": rows,
        "councils": councils,
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
        "conversions": list(body.conversions.select_related("consent_request", "ruling")),
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
    council, regulation = _council_regulation(request, slug)
    form = RegulationForm(request.POST or None, initial=RegulationForm.initial_for(regulation))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}

        def update() -> None:
            services.regulation_update(
                regulation=regulation,
                data=data,
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )

        if run_service(form, update):
            messages.success(request, _("The regulation's settings have been saved."))
            return redirect("councils:body_detail", slug=council.slug)
    return render(request, "councils/regulation_update.html", {"form": form, "body": council})


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
    entries = merged_history(
        history_entries(body.history.select_related("history_user"), subject=body.name),
        history_entries(representations, subject=_("Representation")),
        history_entries(regulation, subject=_("Participation regulation")),
    )
    return render(request, "councils/history.html", {"subject": body, "entries": entries, "kind": "body"})
