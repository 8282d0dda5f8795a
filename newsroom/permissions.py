"""Permissions on one article: the model's permission, within the user's columns
(newsroom.rights). Reader code asks `user.has_perm("news.change_article", article)` (a
preview, a draft's attachment) and so respects column rights without knowing of them."""

from django.contrib.auth.backends import BaseBackend

from news.models import Article

from . import rights


class ColumnRightsBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if not isinstance(obj, Article) or not perm.startswith("news."):
            return False
        return (
            user_obj.is_active
            and user_obj.has_perm(perm)
            and rights.reaches(user_obj, obj.column_id)
        )
