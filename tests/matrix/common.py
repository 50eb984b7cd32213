"""Shared parts of the permission matrix (tests/test_url_matrix.py): role profiles and the Entry type.

Feature matrices live next to this file (one module per feature, each with `ENTRIES: dict[str, Entry]`), so that
parallel work does not edit one long file; tests/test_url_matrix.py merges them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import ROLES, Cast

Profile = dict[str, int]


def profile(default: int, **overrides: int) -> Profile:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, unknown
    return {role: overrides.get(role, default) for role in ROLES}


# Short role profiles.
PUBLIC = profile(200)
LOGGED_IN = profile(200, anonymous=302)
ANONYMOUS_ONLY = profile(302, anonymous=200)  # the login page sends logged-in users on
POST_ONLY = profile(405)
# The admin: anonymous users go to the login page, users without the administrator role get 403.
ADMIN = profile(403, anonymous=302, administrator=200)
# Bodies (councils/permissions.py): outsiders get 404; the supporter supports cast.chamber. `member` sits in
# cast.chamber (cast-youth) and sees it and the council; `other_member` sits in cast.other_chamber and sees the
# council and that chamber, not cast-youth. BODY_VIEW and BODY_STRUCTURE serve the unit pages; BODY_MANAGE and the
# YOUTH_ profiles the pages of cast-youth.
BODY_VIEW = profile(404, anonymous=302, supporter=200, board=200, administrator=200)
BODY_STRUCTURE = profile(404, anonymous=302, supporter=403, board=403, administrator=200)
YOUTH_VIEW = profile(404, anonymous=302, member=200, supporter=200, board=200, administrator=200)
BODY_MANAGE = profile(404, anonymous=302, member=403, supporter=200, board=403, administrator=200)
YOUTH_STRUCTURE = profile(404, anonymous=302, member=403, supporter=403, board=403, administrator=200)
COUNCIL_STRUCTURE = profile(403, anonymous=302, outsider=404, administrator=200)
# People (members/permissions.py), around cast.member's person and their membership of cast.chamber: the board
# sees no personal data; a member sees only themselves and takes no steps.
PEOPLE = profile(403, anonymous=302, supporter=200, administrator=200)
PERSON_VIEW = profile(404, anonymous=302, member=200, supporter=200, administrator=200)
PERSON_MANAGE = profile(404, anonymous=302, member=403, supporter=200, administrator=200)
YOUTH_SCHEDULE = profile(404, anonymous=302, member=403, supporter=200, board=200, administrator=200)
# Organisation pages for the people who run participation (administrators, board, supporters).
STAFF = profile(403, anonymous=302, supporter=200, board=200, administrator=200)
BOARD_AND_ADMIN = profile(403, anonymous=302, board=200, administrator=200)


@dataclass(frozen=True)
class Entry:
    expected: Profile
    kwargs: dict[str, Any] | Callable[[Cast], dict[str, Any]] = field(default_factory=dict)
    query: str = ""
