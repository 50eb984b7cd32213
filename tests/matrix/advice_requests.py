"""Permission-matrix entries for this feature (merged by tests/test_url_matrix.py)."""

from tests.matrix.common import Entry

ENTRIES: dict[str, Entry] = {}
