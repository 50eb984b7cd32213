"""advice.services.letters: the decision letter (W-LET-1, W-LET-2), rendered by a task through incluzio_mz.lib.pdf."""

import datetime
import hashlib
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from advice.models import DecisionOutcome, Letter, LetterStatus
from advice.services import answers, decisions, letters
from advice.services.letters import LETTER_READY
from incluzio_mz.models import Notification, OrganisationProfile
from tests.conftest import Cast, WorkerProcess
from tests.factories import make_advice_request, make_decided_request
from tests.helpers import require_tool

pytestmark = pytest.mark.django_db

REASONS = "De begroting laat het advies niet toe; wij kiezen voor een gefaseerde invoering."


def _text(pdf: bytes, tmp_path: Path) -> str:
    pdftotext = require_tool("pdftotext")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    output = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(output.split())


def _profile() -> None:
    OrganisationProfile.objects.create(
        name="Zorgorganisatie Voorbeeld", address="Postbus 12\n2500 AA Den Haag", letterhead_lines="Raad van bestuur"
    )


def _deviating(cast: Cast, **kwargs: Any) -> Any:
    return make_decided_request(
        council=cast.council,
        board=cast.board,
        supporter=cast.supporter,
        outcome=DecisionOutcome.DEVIATES,
        reasons=REASONS,
        effective_on=datetime.date(2026, 11, 12),
        **kwargs,
    )


def test_a_decision_queues_one_letter(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter)
    letter = request.letters.get()
    assert (letter.number, letter.status, letter.requested_by) == (1, LetterStatus.QUEUED, cast.board)
    assert len(callbacks) == 1  # the render task, after the commit
    with pytest.raises(ValidationError) as error:
        letters.letter_issue(request=request, actor=cast.board)
    assert error.value.code == "exists"


def test_no_letter_before_the_decision(cast: Cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=datetime.date(2026, 3, 2))
    with pytest.raises(ValidationError) as error:
        letters.letter_issue(request=request, actor=cast.board)
    assert error.value.code == "status"


def test_w_let_1_letter_shows_reference_reasons_and_consultation_date(cast: Cast, tmp_path: Path) -> None:
    _profile()
    request = _deviating(cast)
    letter = request.letters.get()
    assert letters.letter_render(letter_id=letter.pk) == LetterStatus.READY
    letter.refresh_from_db()
    assert letter.issued_on == timezone.localdate()
    text = _text(letter.file.read(), tmp_path)
    consultation_day = request.decision.consultation.meeting_day()
    assert "Zorgorganisatie Voorbeeld" in text
    assert "Postbus 12" in text
    assert "Raad van bestuur" in text
    assert request.reference in text
    assert cast.council.name in text
    assert request.title in text
    assert "Doe het zorgvuldig en stap voor stap." in text  # the council's advice
    assert "Wij voeren het besluit uit zoals voorgenomen." in text  # the decision
    assert REASONS in text
    with translation.override("nl"):
        assert f"op {date_format(consultation_day, 'j F Y')}" in text  # the consultation date, as the letter writes it
    # Dates in Dutch through Django's own catalogue (the letter is rendered in Dutch, whatever the tests' language).
    assert "12 november 2026" in text  # the effective date
    assert cast.board.display_name in text  # who signs
    assert "pagina 1 van" in text.lower()


def test_w_uns_1_letter_shows_why_there_was_no_consultation(cast: Cast, tmp_path: Path) -> None:
    request = answers.unsolicited_advice_submit(
        council=cast.council, topic=None, title="Meer inspraak bij de planning",
        advice="Betrek jongeren bij de planning.", actor=cast.supporter,
    )  # fmt: skip
    decisions.request_decide(
        request=request, outcome=DecisionOutcome.DEVIATES, text="Wij doen het anders.", reasons=REASONS,
        no_consultation_reason="De raad kwam niet bijeen voor de zomer.", actor=cast.board,
    )  # fmt: skip
    letter = request.letters.get()
    letters.letter_render(letter_id=letter.pk)
    letter.refresh_from_db()
    text = _text(letter.file.read(), tmp_path)
    assert "De raad kwam niet bijeen voor de zomer." in text
    assert REASONS in text


def test_w_let_2_ready_letter_is_immutable_and_correction_names_the_replaced_one(
    cast: Cast, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    request = _deviating(cast, render=True)
    first = request.letters.get()
    assert first.status == LetterStatus.READY
    content = first.file.read()
    assert first.sha256 == hashlib.sha256(content).hexdigest()
    assert first.size == len(content)

    # A second delivery of the task renders nothing again; the file and its hash stay as they are.
    assert letters.letter_render(letter_id=first.pk) == LetterStatus.READY
    again = Letter.objects.get(pk=first.pk)
    assert (again.file.name, again.sha256, again.rendered_at) == (first.file.name, first.sha256, first.rendered_at)
    # Retrying or saving a changed ready letter is refused.
    with pytest.raises(ValidationError):
        letters.letter_retry(letter=first, actor=cast.board)
    again.sha256 = "0" * 64
    with pytest.raises(ValidationError) as error:
        again.save()
    assert error.value.code == "immutable"
    again.refresh_from_db()
    again.status = LetterStatus.QUEUED
    with pytest.raises(ValidationError):
        again.save(update_fields=["status"])
    assert Letter.objects.get(pk=first.pk).sha256 == first.sha256

    # A correction needs a reason, and is a new version naming the one it replaces.
    with pytest.raises(ValidationError):
        letters.letter_correct(request=request, reason=" ", actor=cast.board)
    with django_capture_on_commit_callbacks(execute=True):
        second = letters.letter_correct(request=request, reason="De ingangsdatum was onjuist.", actor=cast.board)
    second.refresh_from_db()
    assert (second.number, second.replaces, second.status) == (2, first, LetterStatus.READY)
    text = _text(second.file.read(), tmp_path)
    assert "De ingangsdatum was onjuist." in text
    assert request.reference in text
    assert "version 1" in text.lower() or "versie 1" in text.lower()
    assert Letter.objects.get(pk=first.pk).sha256 == hashlib.sha256(content).hexdigest()


def test_only_one_correction_at_a_time(cast: Cast) -> None:
    request = _deviating(cast, render=True)
    letters.letter_correct(request=request, reason="Typfout.", actor=cast.board)
    with pytest.raises(ValidationError) as error:
        letters.letter_correct(request=request, reason="Nog een.", actor=cast.board)
    assert error.value.code == "pending"


def test_a_second_delivery_does_nothing(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    request = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter)
    letter = request.letters.get()
    Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.RENDERING, updated_at=timezone.now())
    calls: list[int] = []

    def counting(**kwargs: Any) -> bytes:
        calls.append(1)
        return b"%PDF-"

    monkeypatch.setattr(letters, "render_pdf", counting)
    assert letters.letter_render(letter_id=letter.pk) == LetterStatus.RENDERING
    assert calls == []


def test_a_failed_render_shows_failed_and_retry_works(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from advice.tasks import letter_render_task

    request = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter)
    letter = request.letters.get()

    def broken(**kwargs: Any) -> bytes:
        raise ValueError("template error")

    monkeypatch.setattr(letters, "render_pdf", broken)
    assert letter_render_task.apply(args=(letter.pk,)).get() == LetterStatus.FAILED
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (LetterStatus.FAILED, 1)
    assert "template error" in letter.error
    assert not letter.file
    assert not Notification.objects.filter(kind=LETTER_READY).exists()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        letters.letter_retry(letter=letter, actor=cast.board)
    letter.refresh_from_db()
    assert (letter.status, letter.attempts, letter.error) == (LetterStatus.READY, 2, "")
    assert letter.file.read().startswith(b"%PDF")


def test_notifications_sent_once_to_supporters_and_members(cast: Cast) -> None:
    request = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter, render=True)
    letter = request.letters.get()
    rows = Notification.objects.filter(kind=LETTER_READY)
    assert sorted(row.recipient_id for row in rows) == sorted([cast.supporter.pk, cast.member.pk, cast.other_member.pk])
    assert all(request.reference in row.title for row in rows)
    assert {row.email_template for row in rows if row.recipient.email} <= {"advice_letter_ready"}
    # A second delivery (or the task's retry) sends nothing twice.
    letters.letter_render(letter_id=letter.pk)
    assert letters.letter_ready_notify(letter) == 0
    assert Notification.objects.filter(kind=LETTER_READY).count() == 3


def test_the_notification_email_renders(cast: Cast, mailoutbox: list[Any]) -> None:
    from incluzio_mz.services import notification_emails_send

    cast.member.email = "mia@example.org"
    cast.member.save(update_fields=["email"])
    request = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter, render=True)
    notification_emails_send(now=timezone.now())
    mails = [mail for mail in mailoutbox if "mia@example.org" in mail.to]
    assert len(mails) == 1
    assert request.reference in mails[0].subject
    assert request.reference in mails[0].body


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_letter_is_rendered_by_the_real_worker(cast: Cast, real_worker: WorkerProcess, tmp_path: Path) -> None:
    """A decision (outside a test transaction: committed at once) queues the letter; the worker process renders it."""
    request = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter)
    letter = request.letters.get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        letter.refresh_from_db()
        if letter.status in (LetterStatus.READY, LetterStatus.FAILED):
            break
        time.sleep(0.2)  # polling another process's work; not a stand-in for time travel
    log = (real_worker.var_dir / "worker.log").read_text()
    assert letter.status == LetterStatus.READY, f"The worker did not render the letter ({letter.error}):\n{log}"
    assert "letter_render_task" in log
    # The worker wrote into its own MEDIA_ROOT (VAR_DIR/media), not this test's temporary folder.
    path = Path(str(letter.file.name))
    worker_media = real_worker.var_dir / "media"
    pdf = (worker_media / path).read_bytes() if (worker_media / path).exists() else letter.file.read()
    assert hashlib.sha256(pdf).hexdigest() == letter.sha256
    assert request.reference in _text(pdf, tmp_path)
    # The worker notifies right after it stored the letter.
    notified = Notification.objects.filter(kind=LETTER_READY, subject_id=letter.pk)
    while notified.count() < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert notified.count() == 3


def test_the_sweep_renders_letters_whose_task_was_lost_or_whose_worker_died(cast: Cast) -> None:
    lost = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter).letters.get()
    died = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter).letters.get()
    fresh = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter).letters.get()
    now = timezone.now()
    Letter.objects.filter(pk=lost.pk).update(status=LetterStatus.QUEUED, updated_at=now - datetime.timedelta(minutes=6))
    Letter.objects.filter(pk=died.pk).update(
        status=LetterStatus.RENDERING, updated_at=now - datetime.timedelta(minutes=11)
    )
    Letter.objects.filter(pk=fresh.pk).update(status=LetterStatus.QUEUED, updated_at=now)

    assert letters.letters_resume(now=now) == 2
    statuses = dict(Letter.objects.values_list("pk", "status"))
    assert statuses == {lost.pk: LetterStatus.READY, died.pk: LetterStatus.READY, fresh.pk: LetterStatus.QUEUED}
    assert letters.letters_resume(now=now) == 0


def test_a_decision_stands_when_the_broker_is_down(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from advice.tasks import letter_render_task

    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise OSError("Connection refused")

    monkeypatch.setattr(letter_render_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        request = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter)
    assert request.letters.get().status == LetterStatus.QUEUED  # left for letters_resume
