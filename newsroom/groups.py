"""The staff groups the product makes, named in the admin's language wherever it shows a
group (the user list's filter, an account's groups, column rights, review paths, the group
list, the audit log's entries). Migrations store their names in Chinese, as the newsroom
calls them, and an administrator may rename them: a group of another name is shown by its
own."""

from django.utils.translation import pgettext_lazy

NAMES = {
    "编辑": pgettext_lazy("staff group", "Reporters"),
    "主编": pgettext_lazy("staff group", "Chief editors"),
    "审计员": pgettext_lazy("staff group", "Auditors"),
}


def group_name(group):
    return str(NAMES.get(group.name, group.name))
