"""How long a request may wait for PostgreSQL (config.postgresql): a statement running past
DATABASE_QUERY_TIMEOUT is cancelled by the server, and the connection stays usable. (A server
that stops answering altogether is tested on a running server: test_faults.)"""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def bounded_connection():
    if connection.vendor != "postgresql":
        pytest.skip("the bound is PostgreSQL's statement_timeout and psycopg's wait")
    bounded = connection.copy()
    bounded.settings_dict["OPTIONS"]["query_timeout"] = 0.5
    yield bounded
    bounded.close()


def test_a_statement_running_past_the_query_timeout_is_cancelled(bounded_connection):
    with bounded_connection.cursor() as cursor:
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(30)")
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
