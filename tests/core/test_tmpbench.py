import pytest


@pytest.mark.parametrize("i", range(40))
def test_home(client, db, i):
    assert client.get("/").status_code == 200
