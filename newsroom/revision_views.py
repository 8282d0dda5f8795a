"""An article's history in the admin: its revisions and review records, comparing any two
states, restoring a revision (after a confirmation that lists what will change), and
bringing back a deleted article. django-reversion's own revert and recover views are
replaced: they wrote back every stored field of every object of a revision."""

import mimetypes
from pathlib import PurePath

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from reversion.models import Version

from auditlog.models import Action
from auditlog.records import record
from config.validators import id_in_address
from news.models import Article
from uploads import pending, serving
from wording import checks as wording

from . import changes, review, revisions, rights, workflow
from .display import describe, person
from .forms import RecoverForm, RestoreForm
from .models import Submission
from .revision_comments import said, stored


def unconfirmed_words(restored, pictures):
    """The sensitive words a restore would put before readers with nobody's confirming: the
    blocked ones, and those to confirm that the live article does not hold (`pictures`: the
    image set restored, as gallery.sets.fingerprint gives it)."""
    found = wording.check_article(restored, {wording.PICTURES: pictures})
    live = wording.check_article(Article.objects.get(pk=restored.pk)).words()
    return found.words(found.blocked) + [
        word for word in found.words(found.warned) if word not in live
    ]


def restorable(user, state, fields):
    """The `fields` a restore of the revision's `state` by `user` copies: its column only
    when the user may work there (newsroom.rights), else the article stays where it is, as
    the form and the list's move would keep it."""
    if rights.reaches(user, state.get("column_id")):
        return fields
    return tuple(name for name in fields if name != "column_id")


class RevisionViews:
    """The history, compare, restore and recover views of ArticleAdmin."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="news_article_compare",
            ),
            path(
                "<path:object_id>/pending/",
                self.admin_site.admin_view(self.pending_view),
                name="news_article_pending",
            ),
            path(
                "<path:object_id>/pending/cover/",
                self.admin_site.admin_view(self.pending_cover_view),
                name="news_article_pending_cover",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="news_article_restore",
            ),
            *super().get_urls(),
        ]

    def page(self, request, template, title, **context):
        return TemplateResponse(
            request,
            f"admin/news/article/{template}",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.model._meta,
                **context,
            },
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion's revert writes every stored field back, the view count included;
        # an old revision is looked at through the comparison instead.
        url = reverse("admin:news_article_compare", args=[object_id])
        return redirect(f"{url}?a={version_id}")

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        reviews = (
            Submission.objects.filter(article=article)
            .select_related("submitted_by")
            .prefetch_related("decisions__decided_by")
            .order_by("-submitted_at", "-pk")
            if article
            else []
        )
        return super().history_view(
            request,
            object_id,
            {
                "versions": revisions.versions_of(article) if article else [],
                "reviews": reviews,
                **(extra_context or {}),
            },
        )

    def revision_of(self, article, version_id):
        pk = id_in_address(str(version_id), 2**31)  # a revision's id is an integer column
        if pk is None:
            raise Http404
        return get_object_or_404(revisions.versions_of(article), pk=pk)

    def article_for(self, request, object_id, change=False):
        article = self.get_object(request, object_id)
        allowed = self.has_change_permission if change else self.has_view_or_change_permission
        if article is None or not allowed(request, article):
            raise PermissionDenied
        return article

    def compare_view(self, request, object_id):
        article = self.article_for(request, object_id)
        older = self.revision_of(article, request.GET.get("a") or 0)
        newer_id = request.GET.get("b")
        newer = self.revision_of(article, newer_id) if newer_id else None
        current = Article.objects.get(pk=article.pk)
        newer_state = revisions.state_in(newer) if newer else revisions.state_of(current)
        older_date = describe(older.revision.date_created)
        if newer:
            heading = _("From the revision of %(older)s to the revision of %(newer)s.") % {
                "older": older_date,
                "newer": describe(newer.revision.date_created),
            }
        else:
            heading = _("From the revision of %(older)s to the article as it is now.") % {
                "older": older_date
            }
        can_restore = self.has_change_permission(request, article)
        return self.page(
            request,
            "compare.html",
            _("Compare versions of “%(title)s”") % {"title": article.title},
            article=article,
            heading=heading,
            rows=revisions.compare(revisions.state_in(older), newer_state),
            restore_url=reverse("admin:news_article_restore", args=[article.pk, older.pk])
            if can_restore
            else None,
            restore_label=_("Restore the revision of %(date)s…") % {"date": older_date},
        )

    def pending_view(self, request, object_id):
        """The article's pending change against the live article, for chief editors."""
        article = self.article_for(request, object_id)
        live = revisions.state_of(article)
        change = changes.pending_of(article)
        if change is None:
            raise Http404
        return self.page(
            request,
            "compare.html",
            _("The pending change to “%(title)s”") % {"title": article.title},
            article=article,
            heading=_("%(writer)s's change (saved %(time)s) against the live article.")
            % {"writer": person(change.updated_by), "time": describe(change.updated_at)},
            rows=revisions.compare(live, {**live, **change.changed_fields}),
        )

    def pending_cover_view(self, request, object_id):
        """The cover proposed with the article's pending change, or else the cover of the
        article not yet published, to staff who may see the article: it is kept where
        readers cannot fetch it until it is approved (uploads.pending)."""
        article = self.article_for(request, object_id)
        change = changes.pending_of(article)
        cover = change.cover if change is not None and change.cover else article.cover
        if not pending.is_pending(cover.name):
            raise Http404
        content_type = mimetypes.guess_type(cover.name)[0] or "application/octet-stream"
        return serving.download(
            cover, content_type, PurePath(cover.name).name, public=False, as_attachment=False
        )

    def restore_view(self, request, object_id, version_id):
        """Show what restoring the revision changes; restore on confirmation. A writer's
        restore of a live article becomes its pending change, for review."""
        article = self.article_for(request, object_id, change=True)
        version = self.revision_of(article, version_id)
        state = revisions.state_in(version)
        placement = workflow.can_publish(request.user, article)
        form = RestoreForm(
            placement,
            revisions.lost_media(state),
            request.POST if request.method == "POST" else None,
        )
        if form.is_valid():
            return self.restore(request, article, version, state, form.cleaned_data["placement"])
        as_change = workflow.edits_as_change(request.user, article)
        current = revisions.state_of(article)

        def changed_by(fields):
            restored = revisions.state_after_restore(article, state, fields)
            return revisions.changed_rows(revisions.compare(current, restored))

        rows = changed_by(
            workflow.CONTENT_FIELDS
            if as_change
            else restorable(request.user, state, revisions.restored_fields(False))
        )
        placement_rows = [
            row
            for row in changed_by(restorable(request.user, state, revisions.restored_fields(True)))
            if row not in rows
        ]
        return self.page(
            request,
            "restore_confirm.html",
            _("Restore the revision of %(date)s")
            % {"date": describe(version.revision.date_created)},
            article=article,
            version=version,
            form=form,
            rows=rows,
            placement_rows=placement_rows if placement else [],
            as_change=as_change,
        )

    def restore(self, request, article, version, state, placement):
        fields = restorable(request.user, state, revisions.restored_fields(placement))
        comment = said(
            gettext_noop("Restored the version of %(date)s."),
            date=describe(version.revision.date_created),
        )
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=article.pk)
            as_change = workflow.edits_as_change(request.user, article)
            if as_change:
                restored = revisions.restore(
                    Article.objects.get(pk=article.pk), state, workflow.CONTENT_FIELDS
                )
                values = {**changes.values_of(restored), "cover": restored.cover}
                pictures = revisions.picture_entries(version)
                if changes.propose(article, values, request.user, pictures) is None:
                    message = _("The older version says what the published article says.")
                else:
                    message = _(
                        "The older version is your pending change now: submit it for review "
                        "to put it before readers."
                    )
                restarted = review.edited_in_review(article, request.user, is_change=True)
            else:
                revisions.restore(article, state, fields)
                live = workflow.is_live(article)
                words = unconfirmed_words(article, state["pictures"]) if live else []
                if words:
                    self.message_user(
                        request,
                        _(
                            "The older version was not restored: it holds the sensitive words "
                            "%(words)s. Change them in the form instead."
                        )
                        % {"words": "、".join(words)},
                        messages.ERROR,
                    )
                    return redirect("admin:news_article_change", article.pk)
                revisions.restore_pictures(article, version)
                revisions.save_revision(article, request.user, comment)
                message = _("The older version is restored; it is the newest revision now.")
                restarted = review.edited_in_review(article, request.user)
            revision = version.revision.date_created.isoformat()
            record(Action.RESTORE, article, detail={"revision": revision, "as_change": as_change})
        if restarted:
            message += " " + _("It was in review: its review starts again at the first stage.")
        self.message_user(request, message, messages.SUCCESS)
        return redirect("admin:news_article_change", article.pk)

    def delete_model(self, request, obj):
        # What recovery brings back: an article never changed here has no revision yet.
        revisions.keep_first_versions(Article.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        revisions.keep_first_versions(queryset)
        super().delete_queryset(request, queryset)

    def has_recover_permission(self, request):
        """Bringing back a deleted article undoes a deletion: for those who may delete."""
        return self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        context = {"has_recover_permission": self.has_recover_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Bring back one deleted article, as a draft, after a confirmation.

        django-reversion's own view reverts the whole revision the version belongs to, for
        any user who may add: a bulk action's revision holds every article it changed, so
        "recovering" one put live articles back as they were then (status, view count)."""
        if not self.has_recover_permission(request):
            raise PermissionDenied
        pk = id_in_address(str(version_id), 2**31)
        if pk is None:
            raise Http404
        version = get_object_or_404(Version.objects.get_for_model(Article), pk=pk)
        if Article.objects.filter(pk=version.object_id).exists():
            raise Http404  # not deleted: its history restores it, with what that allows
        form = RecoverForm(
            version, request.user, request.POST if request.method == "POST" else None
        )
        if form.is_valid():
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(
                    stored(said(gettext_noop("Recovered after deletion, as a draft.")))
                )
                article = revisions.recover(version, form.cleaned_data["column"])
                article.updated_by = request.user
                article.save()
                record(Action.RECOVER, article, detail={"column": str(article.column)})
            self.message_user(
                request,
                _("“%(title)s” is back, as a draft.") % {"title": article.title},
                messages.SUCCESS,
            )
            return redirect("admin:news_article_change", article.pk)
        return self.page(
            request,
            "recover_confirm.html",
            _("Recover “%(title)s”") % {"title": version.object_repr},
            version=version,
            form=form,
            left_behind=revisions.left_behind(version),
        )
