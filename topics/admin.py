"""Topics in the admin. Reporters (编辑) make and edit draft topics; chief editors (主编, the
`topics.publish_topic` permission) also publish and unpublish them, and alone change a topic
once it is published, since readers see every change to it at once. Publishing is recorded in
the audit log. A topic's sections are edited inline on its page; each section's articles, in
order, on the section's page (the admin has no inline within an inline), picked by title
with autocomplete."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from auditlog.models import Action
from auditlog.records import record, record_each

from .models import Topic, TopicArticle, TopicSection

PUBLISH_PERMISSION = "topics.publish_topic"


def may_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def may_edit(user, topic):
    """Whether the user may change the topic (None: topics in general) and what is in it."""
    return topic is None or topic.status != Topic.Status.PUBLISHED or may_publish(user)


class TopicContentsPermissions:
    """A topic's sections and their articles change as the topic does (may_edit)."""

    def topic_of(self, obj):
        return obj

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and may_edit(
            request.user, self.topic_of(obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(
            request.user, self.topic_of(obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(
            request.user, self.topic_of(obj)
        )


class SectionInline(TopicContentsPermissions, admin.TabularInline):
    model = TopicSection
    fields = ("name", "position", "order")
    extra = 1
    show_change_link = True
    verbose_name_plural = _("sections (save, then open a section to choose its articles)")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    class Media:
        # The list's titles readable on a phone; the sections as cards there.
        css = {"all": ("css/admin.css",)}

    list_display = ("title", "column", "status", "published_at", "updated_at")
    list_filter = ("status", "published_at")
    list_select_related = ("column",)
    search_fields = ("title", "slug")
    date_hierarchy = "published_at"
    fields = ("title", "slug", "lead", "cover", "column", "status", "published_at")
    inlines = (SectionInline,)
    actions = ("publish", "unpublish")

    def get_readonly_fields(self, request, obj=None):
        return () if may_publish(request.user) else ("status",)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_edit(request.user, obj)

    def has_publish_permission(self, request):
        return may_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data:
            published = obj.status == Topic.Status.PUBLISHED
            record(Action.PUBLISH if published else Action.UNPUBLISH, obj)

    @admin.action(permissions=["publish"], description=_("Publish the selected topics"))
    def publish(self, request, queryset):
        self.change_status(request, queryset, Topic.Status.PUBLISHED, Action.PUBLISH)

    @admin.action(permissions=["publish"], description=_("Unpublish the selected topics"))
    def unpublish(self, request, queryset):
        self.change_status(request, queryset, Topic.Status.DRAFT, Action.UNPUBLISH)

    def change_status(self, request, queryset, status, action):
        topics = list(queryset.exclude(status=status))
        Topic.objects.filter(pk__in=[topic.pk for topic in topics]).update(status=status)
        record_each(action, topics)
        message = (
            ngettext("%(count)d topic published.", "%(count)d topics published.", len(topics))
            if status == Topic.Status.PUBLISHED
            else ngettext(
                "%(count)d topic unpublished.", "%(count)d topics unpublished.", len(topics)
            )
        )
        self.message_user(request, message % {"count": len(topics)}, messages.SUCCESS)


class SavedArticleAutocomplete(AutocompleteSelect):
    """A row's article picker that shows the row's saved article from the row itself
    (`saved`: its value and label), where Django's looks each row's article up on its own:
    one query a row."""

    saved = None

    def optgroups(self, name, value, attr=None):
        chosen = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.saved is None or chosen != {self.saved[0]}:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options.append(self.create_option(name, *self.saved, chosen, len(options)))
        return [(None, options, 0)]


class EntryForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if TopicArticle.article.is_cached(self.instance):
            field = self.fields["article"]
            article = self.instance.article
            field.widget.widget.saved = (str(article.pk), field.label_from_instance(article))


class EntryInline(TopicContentsPermissions, admin.TabularInline):
    model = TopicArticle
    form = EntryForm
    fields = ("article", "position")
    autocomplete_fields = ("article",)
    extra = 3

    def get_queryset(self, request):
        # Each row is labelled with its article's title (TopicArticle.__str__), and its
        # picker shows that article (EntryForm), both from the row as read here.
        return super().get_queryset(request).select_related("article")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["widget"] = SavedArticleAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def topic_of(self, section):
        return None if section is None else section.topic


@admin.register(TopicSection)
class TopicSectionAdmin(TopicContentsPermissions, admin.ModelAdmin):
    """A section's page, opened from its topic's: its articles, in order."""

    class Media:
        css = {"all": ("css/admin.css",)}  # its articles as cards on a phone

    fields = ("topic", "name", "position", "order")
    readonly_fields = ("topic",)
    inlines = (EntryInline,)

    def topic_of(self, section):
        return None if section is None else section.topic

    def get_model_perms(self, request):
        return {}  # not listed on the index: a section is reached from its topic

    def has_add_permission(self, request, obj=None):
        return False  # sections are added on their topic's page

    def response_post_save_change(self, request, obj):
        return HttpResponseRedirect(reverse("admin:topics_topic_change", args=[obj.topic_id]))

    def response_delete(self, request, obj_display, obj_id):
        return HttpResponseRedirect(reverse("admin:topics_topic_changelist"))
