"""Template helpers for the decision letter fragment (templates/advice/_letter.html)."""

from typing import Any

from django import template

from advice.models import LetterStatus, Request

register = template.Library()

PENDING = (LetterStatus.QUEUED, LetterStatus.RENDERING)


@register.simple_tag
def letter_state(request_obj: Request) -> dict[str, Any]:
    """The request's letters (newest first), whether one is still being made (the fragment then polls itself), and
    whether a correction can be asked (the newest version is ready). One query."""
    letters = sorted(request_obj.letters.select_related("replaces"), key=lambda letter: -letter.number)
    return {
        "letters": letters,
        "pending": any(letter.status in PENDING for letter in letters),
        "may_correct": bool(letters) and letters[0].status == LetterStatus.READY,
    }
