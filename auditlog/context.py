"""Who is acting, from where: the request being answered (AuditContextMiddleware), or the
management command being run. Model signals carry neither, so the audit log reads them here.

A request or a command is also one unit of work: the changes it makes to an audited object
(a user's fields, then its groups) are noted as they happen and written as one entry per
object when it ends (`unit`), so that one save in the admin is one entry.
"""

import getpass
import socket
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from config.logins import client_address


@dataclass
class Unit:
    request: object = None
    # Set for a command run as a user (manage.py articles --user NAME).
    user: object = None
    origin: str = ""
    # (action, object type, object id) → the entry being put together.
    entries: dict = field(default_factory=dict)


_unit = ContextVar("audit_unit", default=None)


def current():
    return _unit.get()


def command_origin(name=None):
    """What a change made outside any request came from: the command (`name`, or the
    command line's program and subcommand, never its arguments, which may hold a password),
    by which system user."""
    if name:
        command = f"manage.py {name}"
    else:
        program = sys.argv[0].rsplit("/", 1)[-1] if sys.argv else ""
        command = " ".join([program, *sys.argv[1:2]]).strip()
    try:
        who = f"{getpass.getuser()}@{socket.gethostname()}"
    except (KeyError, OSError):
        who = socket.gethostname()
    return f"{command} ({who})"[:300]


def actor():
    """(user or None, address or None, origin) of what is being done now."""
    unit = current()
    if unit is not None and unit.request is not None:
        request = unit.request
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        return user, client_address(request), request.path[:300]
    if unit is not None:
        return unit.user, None, unit.origin
    return None, None, command_origin()


@contextmanager
def unit(request=None, user=None, command=None):
    """A unit of work: a request, or a command (`command`, acting as `user` when given). Its
    noted changes are written when it ends without an error."""
    from .records import write_noted

    origin = "" if request else command_origin(command)
    started = Unit(request=request, user=user, origin=origin)
    token = _unit.set(started)
    try:
        yield started
        write_noted(started)
    finally:
        _unit.reset(token)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with unit(request=request) as started:
            response = self.get_response(request)
            if response.status_code >= 500:
                # The request failed: its changes were rolled back with it.
                started.entries.clear()
            return response
