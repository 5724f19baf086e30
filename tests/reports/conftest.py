"""Fixtures for the report tests: the API and the pages of tests/web, reused as they are."""

from __future__ import annotations

from tests.web.conftest import api, api_document, stored_api  # noqa: F401
from tests.web.pages_support import site_fixture  # noqa: F401
