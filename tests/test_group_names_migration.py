"""The staff groups carry Chinese names, given by a data migration that can be undone."""

import pytest

from .helpers import AUDITORS, CHIEF_EDITORS, EDITORS, migrate_to_latest, news_app_at


def groups(apps):
    """Each group's name with its permissions' codenames (but the auditors', which the audit
    log's migration makes: it stays as the news app's migrations go back and forth)."""
    return {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in apps.get_model("auth", "Group").objects.exclude(name=AUDITORS)
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_groups_are_renamed_with_their_permissions_and_back():
    before = groups(news_app_at("0022_attachment_titles_without_control_characters"))
    after = groups(news_app_at("0023_group_names_in_chinese"))
    undone = groups(news_app_at("0022_attachment_titles_without_control_characters"))
    migrate_to_latest()

    assert set(before) == {"Editors", "Chief editors"}
    assert after == {EDITORS: before["Editors"], CHIEF_EDITORS: before["Chief editors"]}
    assert "publish_article" in after[CHIEF_EDITORS]
    assert "publish_article" not in after[EDITORS]
    assert undone == before
