"""The web pages' tests run over plain HTTP: login cookies without Secure (a test checks the default sets it)."""

import pytest

from app.config import Settings


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, public_url="http://testserver", secure_cookies=False)
