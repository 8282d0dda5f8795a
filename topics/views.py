"""The readers' topic pages: the list of public topics, and a topic with its sections."""

from django.db.models import F
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from news.models import Article
from news.views import Gone, PageRangeMixin, gone

from .models import Topic, TopicSection

TOPIC_PAGE_SIZE = 12
# Who may open a topic that is not public yet (a draft, or one scheduled for later).
PREVIEW_PERMISSION = "topics.change_topic"


class TopicListView(PageRangeMixin, ListView):
    template_name = "topics/topic_list.html"
    paginate_by = TOPIC_PAGE_SIZE
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.published().newest_first()


class TopicView(DetailView):
    template_name = "topics/topic.html"
    context_object_name = "topic"

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Gone:
            return gone(request, is_topic=True)
        if not self.object.is_public:
            # A preview: for the editors' eyes only, never kept by any cache.
            add_never_cache_headers(response)
        return response

    def get_object(self, queryset=None):
        topic = Topic.objects.filter(slug=self.kwargs["slug"]).first()
        if topic is None:
            raise Http404(_("No such special topic."))
        if not (topic.is_public or self.request.user.has_perm(PREVIEW_PERMISSION)):
            if topic.is_gone:
                raise Gone
            raise Http404(_("No such special topic."))
        return topic

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=sections_of(self.object), is_preview=not self.object.is_public, **kwargs
        )


def sections_of(topic):
    """[(section, its public articles)] in the sections' order, each section's articles in
    its order: two queries, whatever the number of sections and articles."""
    sections = list(topic.sections.all())
    by_section = {section.pk: [] for section in sections}
    articles = (
        Article.objects.published()
        .filter(topic_entries__section__topic=topic)
        .teasers()
        .annotate(section_id=F("topic_entries__section_id"), place=F("topic_entries__position"))
        .order_by("place", "topic_entries__pk")
    )
    for article in articles:
        by_section[article.section_id].append(article)
    for section in sections:
        if section.order == TopicSection.Order.NEWEST:
            by_section[section.pk].sort(key=lambda a: (a.published_at, a.pk), reverse=True)
    return [(section, by_section[section.pk]) for section in sections]
