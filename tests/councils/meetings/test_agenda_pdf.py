"""The agenda as PDF (issue 6 item 9): rendered by a task through incluzio_mz.lib.pdf, served through the gate."""

import datetime
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.meetings import services
from councils.meetings.services.agenda_pdf import meeting_agenda_pdf_render, meeting_agenda_pdf_request
from councils.models import AgendaItemKind, Confidentiality, Meeting
from councils.models.meetings import AgendaPdf
from incluzio_mz.models import OrganisationProfile
from tests.conftest import Cast, WorkerProcess
from tests.factories import make_document
from tests.helpers import login_verified, require_tool


def _agenda(meeting: Meeting, cast: Cast) -> Meeting:
    services.agenda_item_add(
        meeting=meeting,
        title="Welkom en mededelingen",
        kind=AgendaItemKind.INFORMATION,
        presenter="Voorzitter",
        actor=None,
    )
    second = services.agenda_item_add(
        meeting=meeting,
        title="Adviesaanvraag wachtlijsten",
        kind=AgendaItemKind.ADVICE_REQUEST,
        presenter="Bestuurder",
        duration_minutes=30,
        actor=None,
    )
    shared = make_document(body=meeting.body, title="Notitie wachtlijsten", confidentiality=Confidentiality.BODY)
    secret = make_document(body=meeting.body, title="Geheime bijlage", confidentiality=Confidentiality.CHAMBER)
    services.agenda_item_link_document(item=second, document=shared, actor=None)
    services.agenda_item_link_document(item=second, document=secret, actor=None)
    return services.meeting_publish_agenda(meeting=meeting, actor=None)


def _text(pdf: bytes, tmp_path: Path) -> str:
    pdftotext = require_tool("pdftotext")
    path = tmp_path / "agenda.pdf"
    path.write_bytes(pdf)
    return subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _profile() -> None:
    OrganisationProfile.objects.create(
        name="Zorgorganisatie Voorbeeld",
        address="Postbus 12\n2500 AA Den Haag",
        letterhead_lines="Centrale klantenraad",
    )


def test_the_agenda_pdf_holds_the_letterhead_and_the_numbered_items(
    cast: Cast, chamber_meeting: Meeting, tmp_path: Path
) -> None:
    _profile()
    meeting = _agenda(chamber_meeting, cast)
    row = meeting_agenda_pdf_render(meeting_id=meeting.pk, now=timezone.now())
    assert row is not None
    assert row.rendered_at is not None
    pdf = row.file.read()
    assert pdf.startswith(b"%PDF")
    text = _text(pdf, tmp_path)
    assert "Zorgorganisatie Voorbeeld" in text
    assert "Postbus 12" in text
    assert "Centrale klantenraad" in text
    assert "Jongerenraad november" in text
    assert "Cast youth chamber" in text
    assert "Kantoor Den Haag" in text
    assert "1. Welkom en mededelingen" in " ".join(text.split())
    assert "Adviesaanvraag wachtlijsten" in text
    assert "Bestuurder" in text
    assert "Notitie wachtlijsten" in text
    # A chamber-only document is not listed by title in a file every viewer of the meeting may download.
    assert "Geheime bijlage" not in text


def test_a_new_rendering_replaces_the_file(cast: Cast, chamber_meeting: Meeting, tmp_path: Path) -> None:
    meeting = _agenda(chamber_meeting, cast)
    first = meeting_agenda_pdf_render(meeting_id=meeting.pk, now=timezone.now())
    assert first is not None
    services.agenda_item_add(meeting=meeting, title="Rondvraag", kind=AgendaItemKind.DISCUSSION, actor=None)
    second = meeting_agenda_pdf_render(meeting_id=meeting.pk, now=timezone.now())
    assert second is not None
    assert second.pk == first.pk
    assert "Rondvraag" in _text(second.file.read(), tmp_path)
    assert AgendaPdf.objects.count() == 1


def test_changing_a_published_agenda_renders_the_pdf_again(
    cast: Cast, chamber_meeting: Meeting, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """The agenda services queue a new rendering after every change to a published agenda (Celery is eager here)."""
    meeting = _agenda(chamber_meeting, cast)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.agenda_item_add(meeting=meeting, title="Pauze", kind=AgendaItemKind.INFORMATION, actor=None)
    assert "Pauze" in _text(AgendaPdf.objects.get(meeting=meeting).file.read(), tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_move(item=item, direction="up", actor=None)
        services.agenda_item_update(item=item, data={"title": "Korte pauze"}, actor=None)
    text = " ".join(_text(AgendaPdf.objects.get(meeting=meeting).file.read(), tmp_path).split())
    assert "2. Korte pauze" in text


def test_a_planned_meetings_agenda_is_not_rendered(cast: Cast, chamber_meeting: Meeting) -> None:
    services.agenda_item_add(meeting=chamber_meeting, title="Concept", kind=AgendaItemKind.INFORMATION, actor=None)
    assert meeting_agenda_pdf_request(chamber_meeting) is False
    assert meeting_agenda_pdf_render(meeting_id=chamber_meeting.pk, now=timezone.now()) is None
    assert not AgendaPdf.objects.exists()


def test_the_notice_sweep_requests_the_pdf_after_publishing(
    cast: Cast, chamber_meeting: Meeting, django_capture_on_commit_callbacks: Any
) -> None:
    from councils.meetings.notices import meeting_notices_send

    meeting = _agenda(chamber_meeting, cast)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_notices_send(now=timezone.now())
    assert AgendaPdf.objects.get(meeting=meeting).rendered_at is not None


def test_the_agenda_pdf_view_goes_through_the_meeting_gate(cast: Cast, chamber_meeting: Meeting) -> None:
    meeting = _agenda(chamber_meeting, cast)
    url = reverse("calendar:agenda_pdf", kwargs={"uuid": meeting.uuid})
    member = login_verified(Client(), cast.member)
    assert member.get(url).status_code == 404  # not rendered yet
    meeting_agenda_pdf_render(meeting_id=meeting.pk, now=timezone.now())

    response = member.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert login_verified(Client(), cast.other_member).get(url).status_code == 404
    assert login_verified(Client(), cast.outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_a_failed_rendering_is_recorded(cast: Cast, chamber_meeting: Meeting, monkeypatch: pytest.MonkeyPatch) -> None:
    from councils.meetings.tasks import meeting_agenda_pdf_render_task

    meeting = _agenda(chamber_meeting, cast)

    def broken(**kwargs: Any) -> bytes:
        raise ValueError("template error")

    monkeypatch.setattr("councils.meetings.services.agenda_pdf.render_pdf", broken)
    # As a worker runs it (errors not propagated to the caller), so the task's on_failure records the failure.
    result = meeting_agenda_pdf_render_task.apply(args=(meeting.pk,), throw=False)
    assert result.failed()
    assert AgendaPdf.objects.get(meeting=meeting).failed_at is not None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_agenda_pdf_is_rendered_by_the_real_worker(cast: Cast, real_worker: WorkerProcess, tmp_path: Path) -> None:
    start = timezone.now() + datetime.timedelta(days=7)
    meeting = _agenda(
        services.meeting_create(
            body=cast.chamber,
            kind="chamber",
            title="Jongerenraad december",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            place="Kantoor Den Haag",
            actor=None,
        ),
        cast,
    )
    assert meeting_agenda_pdf_request(meeting) is True  # outside a transaction: queued at once

    deadline = time.monotonic() + 60
    row = None
    while time.monotonic() < deadline:
        row = AgendaPdf.objects.filter(meeting=meeting, rendered_at__isnull=False).first()
        if row is not None:
            break
        time.sleep(0.2)  # polling another process's work; not a stand-in for time travel
    log = (real_worker.var_dir / "worker.log").read_text()
    assert row is not None, "The worker did not render the agenda. Worker log:\n" + log
    assert "meeting_agenda_pdf_render_task" in log
    # The worker wrote into its own MEDIA_ROOT (VAR_DIR/media), not this test's temporary folder.
    path = Path(str(row.file.name))
    worker_media = real_worker.var_dir / "media"
    pdf = (worker_media / path).read_bytes() if (worker_media / path).exists() else row.file.read()
    assert "Adviesaanvraag wachtlijsten" in _text(pdf, tmp_path)
