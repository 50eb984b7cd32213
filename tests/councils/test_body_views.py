"""Body pages: the tree, detail, edits by supporters and administrators, chambers, conversion, regulation."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils import services
from councils.models import Body, BodyKind, Regulation
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _pdf(name: str = "consent.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_tree_nests_chambers_and_feeding_panels_under_their_council(cast: Cast) -> None:
    panel = make_body(kind=BodyKind.PANEL, name="Feeding panel", parent=cast.council)
    make_body(kind=BodyKind.PANEL, name="Loose panel")
    response = cast.client("administrator").get(reverse("councils:body_list"))
    tree = {node["body"].name: [child.name for child in node["children"]] for node in response.context["tree"]}
    assert tree["Cast council"] == ["Cast parents chamber", "Cast youth chamber", panel.name]
    assert tree["Loose panel"] == []
    assert next(iter(tree)) == "Cast council"  # councils first


def test_supporter_sees_only_the_family_of_their_body(cast: Cast) -> None:
    make_body(kind=BodyKind.COUNCIL, name="Elsewhere")
    response = cast.client("supporter").get(reverse("councils:body_list"))
    assert [node["body"].name for node in response.context["tree"]] == ["Cast council"]
    assert cast.client("outsider").get(reverse("councils:body_list")).context["tree"] == []


@pytest.mark.parametrize("factor", [1, 20])
def test_tree_runs_a_constant_number_of_queries(cast: Cast, factor: int, django_assert_num_queries: object) -> None:
    for _ in range(factor):
        council = make_body(kind=BodyKind.COUNCIL)
        services.chamber_create(council=council, name="c", slug=f"c-{council.slug}", actor=None, reason="t")
        services.representation_start(
            body=council, unit=make_business_unit(), on=datetime.date(2025, 1, 1), actor=None, reason="t"
        )
    client = cast.client("administrator")
    client.get(reverse("councils:body_list"))
    with django_assert_num_queries(8):  # type: ignore[operator]  # incl. the nav (person, unread notifications)
        assert client.get(reverse("councils:body_list")).status_code == 200


def test_detail_shows_units_supporters_and_the_council_regulation_on_a_chamber(cast: Cast) -> None:
    response = cast.client("board").get(reverse("councils:body_detail", args=["cast-youth"]))
    assert response.context["supporters"] == [cast.supporter]
    assert response.context["regulation"] == cast.council.regulation
    assert not response.context["may_manage"]
    council = cast.client("board").get(reverse("councils:body_detail", args=["cast-council"]))
    assert [r.unit for r in council.context["current"]] == [cast.unit]


def test_supporter_edits_the_public_text_of_their_chamber(cast: Cast) -> None:
    url = reverse("councils:body_update", args=["cast-youth"])
    data = {"public_description": "Wij praten mee.", "contact_email": "jongeren@example.org", "reason": "New text"}
    # A supporter's form has no name or parent: posting them changes nothing.
    response = cast.client("supporter").post(url, {**data, "name": "Renamed", "parent": ""})
    assert response.status_code == 302
    cast.chamber.refresh_from_db()
    assert cast.chamber.public_description == "Wij praten mee."
    assert cast.chamber.name == "Cast youth chamber"
    assert cast.chamber.parent == cast.council
    assert cast.chamber.history.first().history_user == cast.supporter


def test_supporter_gets_403_editing_the_other_chamber(cast: Cast) -> None:
    url = reverse("councils:body_update", args=["cast-parents"])
    assert cast.client("supporter").get(url).status_code == 403
    assert cast.client("supporter").post(url, {"public_description": "x", "reason": "x"}).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404


def test_administrator_renames_a_body_and_bad_input_is_kept(cast: Cast) -> None:
    url = reverse("councils:body_update", args=["cast-youth"])
    client = cast.client("administrator")
    bad = {"name": "Jongerenraad", "slug": "cast-parents", "parent": cast.council.pk, "reason": "Rename"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert response.context["form"]["name"].value() == "Jongerenraad"
    good = {**bad, "slug": "jongerenraad"}
    assert client.post(url, good).status_code == 302
    assert Body.objects.get(slug="jongerenraad").name == "Jongerenraad"


def test_w_body_1_administrator_creates_a_council_with_a_chamber(cast: Cast) -> None:
    client = cast.client("administrator")
    data = {"kind": "council", "name": "New council", "slug": "new-council", "reason": "Scenario 3"}
    assert client.post(reverse("councils:body_create"), data).status_code == 302
    council = Body.objects.get(slug="new-council")
    assert council.statutory
    chamber = {"name": "Youth", "slug": "new-youth", "reason": "Two chambers"}
    assert client.post(reverse("councils:chamber_create", args=["new-council"]), chamber).status_code == 302
    youth = Body.objects.get(slug="new-youth")
    assert youth.kind == BodyKind.CHAMBER
    assert youth.parent == council
    assert youth.statutory
    # A chamber cannot get chambers of its own.
    assert client.get(reverse("councils:chamber_create", args=["new-youth"])).status_code == 404


def test_w_body_4_conversion_needs_granted_consent_and_keeps_the_row(cast: Cast) -> None:
    from django.utils import timezone

    from advice.models import ConsentAnswer
    from tests.advice.dispute_helpers import answered_consent

    council = make_body(kind=BodyKind.COUNCIL, name="Old council")
    url = reverse("councils:council_convert_to_panel", args=[council.slug])
    client = cast.client("administrator")
    data = {"on": timezone.localdate().isoformat(), "reason": "Becomes a panel"}
    page = client.get(url)
    assert b'data-testid="no-consent"' in page.content
    without = client.post(url, data)
    assert without.status_code == 200
    assert without.context["form"].non_field_errors()
    refused = answered_consent(council=council, board=cast.board, consent=ConsentAnswer.REFUSED, topic_code="CON-k")
    wrong = client.post(url, {**data, "consent_request": refused.pk})
    assert "consent_request" in wrong.context["form"].errors
    granted = answered_consent(council=council, board=cast.board, consent=ConsentAnswer.GRANTED, topic_code="CON-k")
    assert list(client.get(url).context["form"].fields["consent_request"].queryset) == [granted]
    assert client.post(url, {**data, "consent_request": granted.pk}).status_code == 302
    converted = Body.objects.get(pk=council.pk)
    assert converted.kind == BodyKind.PANEL
    assert not converted.statutory
    assert converted.conversions.get().consent_request == granted


def test_w_reg_4_regulation_settings_are_validated_as_a_whole(cast: Cast) -> None:
    url = reverse("councils:regulation_update", args=["cast-council"])
    client = cast.client("administrator")
    page = client.get(url)
    assert page.context["form"]["reminder_days_before"].value() == "14, 3"
    data = {name: value for name, value in page.context["form"].initial.items()}
    data.update({"reason": "New regulation", "quorum": 9, "dispute_committee": "own"})
    data["former_clients_eligible"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "quorum" in response.context["form"].errors
    assert Regulation.objects.get(council=cast.council).quorum == 3
    data.update({"quorum": 4, "reminder_days_before": "21, 7, 2"})
    assert client.post(url, data).status_code == 302
    # W-REG-1: the page proposes; the values in force stay until the council consents.
    regulation = Regulation.objects.get(council=cast.council)
    assert (regulation.quorum, regulation.reminder_days_before) == (3, [14, 3])
    proposal = regulation.pending_proposal()
    assert proposal is not None
    assert (proposal.values["quorum"], proposal.values["reminder_days_before"]) == (4, [21, 7, 2])


def test_w_reg_1_regulation_documents_are_versioned_and_served_through_the_gate(cast: Cast) -> None:
    client = cast.client("administrator")
    add = reverse("councils:regulation_document_add", args=["cast-council"])
    docx_named_pdf = SimpleUploadedFile("regeling.pdf", b"PK\x03\x04 not a zip", content_type="application/pdf")
    response = client.post(add, {"kind": "regulation", "file": docx_named_pdf, "reason": "Draft"})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    for _ in range(2):
        assert (
            client.post(add, {"kind": "regulation", "file": _pdf("regeling.pdf"), "reason": "Draft"}).status_code == 302
        )
    versions = list(cast.council.regulation.documents.values_list("version", flat=True))
    assert versions == [1, 2]
    consent = reverse("councils:regulation_document_set_consent", args=["cast-council", "regulation", 2])
    assert (
        client.post(consent, {"status": "consent_granted", "consent_date": "2026-01-01", "reason": "x"}).status_code
        == 200
    )
    assert client.post(consent, {"status": "consent_requested", "reason": "Sent to council"}).status_code == 302
    assert client.post(consent, {"status": "consent_granted", "consent_date": "", "reason": "x"}).status_code == 200
    granted = {"status": "consent_granted", "consent_date": "2026-01-01", "reason": "Council agreed"}
    assert client.post(consent, granted).status_code == 302
    current = cast.council.regulation.current_document("regulation")
    assert current is not None
    assert current.version == 2
    # Version 1 stays downloadable, for the supporter of a chamber as well (through the chamber's page).
    download = reverse("councils:regulation_document_download", args=["cast-youth", "regulation", 1])
    response = cast.client("supporter").get(download)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content.startswith(b"%PDF")
    assert cast.client("outsider").get(download).status_code == 404


def test_body_history_shows_supporter_changes(cast: Cast) -> None:
    response = cast.client("administrator").get(reverse("councils:body_history", args=["cast-youth"]))
    assert any(entry.reason == "test data" for entry in response.context["entries"])
    services.body_supporter_remove(body=cast.chamber, user=cast.supporter, actor=cast.administrator, reason="Left")
    response = cast.client("administrator").get(reverse("councils:body_history", args=["cast-youth"]))
    assert response.context["entries"][0].reason == "Left"
    assert response.context["entries"][0].who == cast.administrator.display_name
