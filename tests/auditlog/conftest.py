import pytest
from django.contrib.auth.models import Group
from django.test import Client

from auditlog.models import Entry

from ..helpers import AUDITORS


def entries(**filters):
    """The log's entries, oldest first."""
    return list(Entry.objects.filter(**filters).order_by("time", "pk"))


@pytest.fixture
def auditor(django_user_model):
    user = django_user_model.objects.create_user(
        "auditor", password="auditor-pass-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name=AUDITORS))
    return user


@pytest.fixture
def auditor_client(auditor):
    client = Client()
    client.force_login(auditor)
    return client


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", password="boss-pass-Ok-1")


@pytest.fixture
def admin_client_(superuser):
    client = Client()
    client.force_login(superuser)
    return client
