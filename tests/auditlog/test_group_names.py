"""The staff groups the product makes are shown in the reader's language, and the audit log
keeps each group by its stored name, whatever the language of whoever changed it."""

from django.contrib.auth.models import Group
from django.utils import translation

from auditlog.details import describe
from auditlog.models import Entry

from ..helpers import EDITORS


def test_a_groups_change_is_kept_by_its_stored_name_and_read_in_the_readers_language(
    django_user_model,
):
    user = django_user_model.objects.create_user("someone")
    reporters = Group.objects.get(name=EDITORS)
    with translation.override("en"):
        assert str(reporters) == "Reporters"
        user.groups.add(reporters)
    entry = Entry.objects.filter(object_type="auth.user", object_id=str(user.pk)).latest("pk")

    assert entry.detail["added"]["groups"] == [EDITORS]
    with translation.override("en"):
        assert "+Reporters" in describe(entry)
    with translation.override("zh-hans"):
        assert str(reporters) == EDITORS
        assert f"+{EDITORS}" in describe(entry)


def test_a_group_an_administrator_named_is_shown_by_its_name(db):
    with translation.override("en"):
        assert str(Group.objects.create(name="值班编辑")) == "值班编辑"
