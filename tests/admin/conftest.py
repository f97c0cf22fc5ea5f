import pytest

from tests.admin.roles import OFFICER, VIEWER, member_of


@pytest.fixture
def officer(db):
    return member_of(OFFICER, "officer")


@pytest.fixture
def viewer(db):
    return member_of(VIEWER, "viewer")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client
