"""Requests served in this process, through the WSGI application as gunicorn calls it (for
the counts and timings that wrk's round trips would blur: bench.instructions, bench.kept_hit)."""

import io
import sys
import urllib.parse


def application():
    """config.wsgi's application, under bench.run's environment (bench.settings)."""
    from bench.run import configure_environment

    configure_environment()
    from config.wsgi import application

    return application


def get(app, path):
    """GET `path` (with its query string) and read the whole response; exit unless 200."""
    address, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        # As a WSGI server passes it: percent-decoded, its bytes as latin-1.
        "PATH_INFO": urllib.parse.unquote_to_bytes(address).decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8100",
        "HTTP_HOST": "127.0.0.1:8100",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    statuses = []
    response = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        b"".join(response)
    finally:
        response.close()  # as gunicorn does: request_finished, connections checked
    if not statuses[0].startswith("200"):
        sys.exit(f"{path} answered {statuses[0]}")
