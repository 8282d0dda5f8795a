"""Django's PostgreSQL backend, with a bound on how long a connection waits for an answer.

libpq's connect_timeout bounds connecting. A server that stalls with a connection already
open (a persistent one, CONN_MAX_AGE) is another matter: psycopg waits for its answer for
ever, and TCP keepalives or tcp_user_timeout do not end the wait while the server's host
still acknowledges the packets (a stopped or blocked postgres, a hung pooler). With OPTIONS
"query_timeout" set (seconds):

- PostgreSQL cancels a statement running longer (statement_timeout); the connection stays
  usable and the query fails with an OperationalError;
- a wait for any answer (a query, a commit, Django's health check) ends after that time plus
  ANSWER_GRACE_SECONDS, which only a stalled server reaches: the connection is closed and the
  query fails with an OperationalError, so the request gets the 503 page and the next one
  connects afresh.
"""

import psycopg
from django.db.backends.postgresql import base

ANSWER_GRACE_SECONDS = 2


class AnswerBoundedConnection(psycopg.Connection):
    answer_timeout = None  # seconds; None waits for as long as it takes

    def wait(self, gen, *args, **kwargs):
        if not args and "timeout" not in kwargs:
            kwargs["timeout"] = self.answer_timeout
        try:
            return super().wait(gen, *args, **kwargs)
        except psycopg.errors._WaitTimeout:
            # The server may still answer later, out of turn: the connection is unusable.
            self.close()
            raise psycopg.OperationalError(
                f"the database did not answer within {kwargs.get('timeout')} s"
            ) from None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        self.query_timeout = params.pop("query_timeout", None)
        if self.query_timeout:
            milliseconds = int(self.query_timeout * 1000)
            options = params.get("options", "")
            params["options"] = f"{options} -c statement_timeout={milliseconds}".strip()
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if self.query_timeout:
            # Django connects with psycopg.connect(); the subclass adds only the bounded wait.
            connection.__class__ = AnswerBoundedConnection
            connection.answer_timeout = self.query_timeout + ANSWER_GRACE_SECONDS
        return connection
