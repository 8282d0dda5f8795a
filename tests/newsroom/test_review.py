"""Review before publishing: a reporter submits, the stages of the column's path approve or
send back, and readers see the article only when the last stage approves."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from news.models import Article
from newsroom.models import Decision, ReviewPath, Submission
from newsroom.revisions import versions_of

from ..conftest import staff_in_group
from ..helpers import (
    EDITORS,
    article_form,
    changelist_rows,
    content_of,
    decide,
    published_through_the_form,
    section,
    text_of,
    unpublish,
)

QUEUE_URL = "/admin/newsroom/submission/"


def review_url(submission):
    return f"{QUEUE_URL}{submission.pk}/change/"


def fresh(article):
    return Article.objects.get(pk=article.pk)


def public(article):
    return Client().get(f"/articles/{article.pk}/").status_code == 200


def messages_on(response):
    return text_of(section(response.content.decode(), "messagelist", "ul"))


def changelist_rows_of(markup, css_class):
    """The text of each row of the body of the table of that class."""
    table = section(markup, css_class, "table")
    return [
        text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[-1], re.S)
    ]


def write_and_submit(client, column, **fields):
    client.post("/admin/news/article/add/", article_form(column, button="_submit", **fields))
    return Article.objects.get(title=fields.get("title", "数字经济赋能产业集群"))


def test_the_whole_cycle_of_one_stage(editor_client, chief_client, demo_tree):
    column = demo_tree["industry-planning"]
    editor_client.post("/admin/news/article/add/", article_form(column, title="新稿件"))
    draft = Article.objects.get()
    assert draft.status == Article.Status.DRAFT and not public(draft)

    submitted = editor_client.post(
        f"/admin/news/article/{draft.pk}/change/",
        article_form(column, draft, title="新稿件", button="_submit"),
        follow=True,
    )
    assert "已提交审核" in messages_on(submitted)
    assert fresh(draft).status == Article.Status.PENDING and not public(draft)

    desk = chief_client.get("/admin/").content.decode()
    assert "有 1 篇文章等待您审核" in text_of(desk)
    [row] = changelist_rows(chief_client.get(QUEUE_URL).content.decode())
    assert "新稿件" in row and "editor" in row and "产业规划" in row and "新稿件" in row
    submission = Submission.objects.get()

    refused = decide(chief_client, submission, "_send_back")
    assert "请写明作者需要修改什么" in text_of(refused.content.decode())
    decide(chief_client, submission, "_send_back", "请补充数据来源。")
    assert fresh(draft).status == Article.Status.DRAFT

    assert "有 1 篇稿件被退回给您" in text_of(editor_client.get("/admin/").content.decode())
    mine = editor_client.get("/admin/news/article/", {"whose": "sent_back"})
    assert [a.pk for a in mine.context["cl"].result_list] == [draft.pk]
    assert "已退回" in changelist_rows(mine.content.decode())[0]
    form = editor_client.get(f"/admin/news/article/{draft.pk}/change/").content.decode()
    assert "请补充数据来源。" in form

    draft = fresh(draft)
    editor_client.post(
        f"/admin/news/article/{draft.pk}/change/",
        article_form(column, draft, title="新稿件（已补充来源）", button="_submit"),
    )
    assert (
        not editor_client.get("/admin/news/article/", {"whose": "sent_back"})
        .context["cl"]
        .result_list
    )
    second = Submission.objects.in_review().get()
    page = chief_client.get(review_url(second)).content.decode()
    assert "与上次送审版本的对比" in text_of(page)
    assert "<ins>（已补充来源）</ins>" in page

    before = timezone.now()
    approved = decide(chief_client, second, comment="同意。")
    assert approved.status_code == 302
    article = fresh(draft)
    assert article.status == Article.Status.PUBLISHED and article.review_note == ""
    # Approval publishes now: the draft's date was when it was first written.
    assert article.published_at >= before
    assert public(article)
    decisions = Decision.objects.order_by("decided_at")
    assert [(d.approved, d.comment, d.decided_by.username) for d in decisions] == [
        (False, "请补充数据来源。", "chief"),
        (True, "同意。", "chief"),
    ]
    history = chief_client.get(f"/admin/news/article/{draft.pk}/history/").content.decode()
    record = changelist_rows_of(history, "reviews")
    # Newest first: the approval, the second submission, the sending back, the first.
    assert "审核 · 通过" in record[0] and "同意。" in record[0] and "chief" in record[0]
    assert "提交审核" in record[1] and "editor" in record[1]
    assert "审核 · 退回" in record[2] and "请补充数据来源。" in record[2]


def test_approval_keeps_a_later_time_set_on_purpose(editor_client, chief_client, demo_tree):
    column = demo_tree["industry-planning"]
    tomorrow = timezone.localtime() + timedelta(days=1)
    article = write_and_submit(
        editor_client, column, title="明日发布", published_at_0=tomorrow.strftime("%Y-%m-%d")
    )

    decide(chief_client, Submission.objects.get())

    article = fresh(article)
    assert article.status == Article.Status.PUBLISHED
    assert timezone.localtime(article.published_at).date() == tomorrow.date()
    assert not public(article)
    scheduled = chief_client.get("/admin/news/article/", {"state": "scheduled"})
    assert [a.pk for a in scheduled.context["cl"].result_list] == [article.pk]
    assert "已排期" in changelist_rows(scheduled.content.decode())[0]


@pytest.fixture
def three_stages(demo_tree, django_user_model):
    """新闻中心 reviewed in three stages: 初审组, 复审组, then the chief editors' group."""
    groups = [Group.objects.create(name=name) for name in ("初审组", "复审组")]
    for group in groups:  # as the README asks: to open the article from the review page
        group.permissions.add(
            *Permission.objects.filter(codename__in=["view_article", "change_article"])
        )
    chiefs = Group.objects.get(permissions__codename="publish_article")
    ReviewPath.objects.create(
        column=demo_tree["news"],
        first_stage=groups[0],
        second_stage=groups[1],
        third_stage=chiefs,
    )
    first = staff_in_group(django_user_model, "first", groups[0].name)
    second = staff_in_group(django_user_model, "second", groups[1].name)
    return first, second


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_three_stages_in_order_each_signed(editor_client, chief_client, demo_tree, three_stages):
    first, second = (logged_in(user) for user in three_stages)
    # A sub-column of 新闻中心 follows its path.
    article = write_and_submit(editor_client, demo_tree["industry-planning"], title="三审稿件")
    submission = Submission.objects.get()
    assert submission.stage_name == "初审"

    # Only the stage's group sees it in its queue and may decide it.
    assert not second.get(QUEUE_URL).context["cl"].result_list
    assert not chief_client.get(QUEUE_URL).context["cl"].result_list
    refused = second.post(review_url(submission), {"_approve": "1"}, follow=True)
    assert "正等待其他阶段的审核人员处理" in messages_on(refused)
    assert [s.pk for s in first.get(QUEUE_URL).context["cl"].result_list] == [submission.pk]
    assert "初审（第 1 阶段，共 3 阶段）" in text_of(first.get(QUEUE_URL).content.decode())

    decide(first, submission, comment="初审同意")
    twice = decide(first, submission)
    assert twice.status_code == 302 and submission.decisions.count() == 1
    assert not public(article)
    decide(second, submission, comment="复审同意")
    assert fresh(article).status == Article.Status.PENDING and not public(article)

    decide(chief_client, submission, comment="终审同意")

    assert public(article)
    signed = [
        (d.stage_name, d.decided_by.username, d.comment) for d in Decision.objects.order_by("stage")
    ]
    assert signed == [
        ("初审", "first", "初审同意"),
        ("复审", "second", "复审同意"),
        ("终审", "chief", "终审同意"),
    ]


def test_a_column_without_a_path_of_its_own_follows_its_nearest_ancestor(demo_tree, three_stages):
    from newsroom.review import path_for

    group = Group.objects.create(name="研究成果审核组")
    ReviewPath.objects.create(column=demo_tree["industry-planning"], first_stage=group)

    assert path_for(demo_tree["industry-planning"]) == [group.pk]
    assert len(path_for(demo_tree["policy-interpretation"])) == 3  # another child of 新闻中心
    assert path_for(demo_tree["research"]) == [None]  # no path: those who may publish


def test_a_path_changed_during_a_review_does_not_change_that_review(
    editor_client, chief_client, demo_tree, three_stages
):
    write_and_submit(editor_client, demo_tree["industry-planning"], title="送审后改流程")
    ReviewPath.objects.all().delete()

    submission = Submission.objects.get()
    assert len(submission.stage_groups) == 3
    assert not chief_client.get(QUEUE_URL).context["cl"].result_list


def test_the_queue_is_oldest_first_with_writer_and_column(
    editor_client, chief_client, demo_tree, django_user_model
):
    other = logged_in(staff_in_group(django_user_model, "reporter2", EDITORS))
    write_and_submit(editor_client, demo_tree["industry-planning"], title="先送审")
    write_and_submit(other, demo_tree["reports"], title="后送审")
    Submission.objects.filter(article__title="先送审").update(
        submitted_at=timezone.now() - timedelta(hours=1)
    )

    rows = changelist_rows(chief_client.get(QUEUE_URL).content.decode())

    assert [("先送审" in r, "editor" in r) for r in rows] == [(True, True), (False, False)]
    assert "后送审" in rows[1] and "reporter2" in rows[1] and "研究报告" in rows[1]
    # The count says what waits, not the list's name ("2 review queue").
    for language, count in (("zh-hans", "共 2 篇等待审核"), ("en", "2 articles waiting")):
        page = chief_client.get(QUEUE_URL, headers={"accept-language": language})
        assert count in text_of(page.content.decode().split('class="paginator"')[1])


def test_a_decision_already_taken_is_not_taken_twice_and_the_late_comment_is_kept(
    editor_client, chief_client, demo_tree
):
    write_and_submit(editor_client, demo_tree["industry-planning"], title="重复审核")
    submission = Submission.objects.get()
    second_tab = chief_client.get(review_url(submission)).context["form"]["reviewed"].value()
    decide(chief_client, submission)

    late = chief_client.post(
        review_url(submission),
        {"_send_back": "1", "comment": "数据有误。", "reviewed": second_tab},
        follow=True,
    )

    assert "已有人先于您处理" in messages_on(late) and "数据有误。" in messages_on(late)
    assert Decision.objects.count() == 1
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_a_page_opened_before_the_writer_saved_again_decides_nothing(
    editor_client, chief_client, demo_tree
):
    column = demo_tree["industry-planning"]
    article = write_and_submit(editor_client, column, title="审核中修改")
    submission = Submission.objects.get()
    opened = chief_client.get(review_url(submission)).context["form"]["reviewed"].value()
    # The chief edits the article in review (a reviewer of its stage may: it stays there).
    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, fresh(article), title="审核中修改（主编）"),
    )

    refused = chief_client.post(review_url(submission), {"_approve": "1", "reviewed": opened})

    assert "在您打开本页之后" in text_of(refused.content.decode())
    assert "审核中修改（主编）" in text_of(refused.content.decode())
    assert fresh(article).status == Article.Status.PENDING
    decide(chief_client, submission)
    assert fresh(article).status == Article.Status.PUBLISHED


def test_a_writers_edit_during_review_sends_it_back_to_the_first_stage(
    editor_client, demo_tree, three_stages
):
    first, _second = (logged_in(user) for user in three_stages)
    column = demo_tree["industry-planning"]
    article = write_and_submit(editor_client, column, title="三审中改稿")
    decide(first, Submission.objects.get(), comment="初审同意")

    editor_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, fresh(article), title="三审中改稿（改）"),
    )

    current = Submission.objects.in_review().get()
    assert (current.stage_name, current.decisions.count()) == ("初审", 0)
    assert Submission.objects.get(state=Submission.State.WITHDRAWN).decisions.count() == 1
    assert [s.pk for s in first.get(QUEUE_URL).context["cl"].result_list] == [current.pk]


def test_three_reviews_are_three_people(editor, editor_client, demo_tree, three_stages):
    from newsroom.models import ReviewPath

    _first, second = three_stages
    second.groups.add(Group.objects.get(name="初审组"))  # in both groups
    editor.groups.add(Group.objects.get(name="初审组"))  # the writer reviews too
    write_and_submit(editor_client, demo_tree["industry-planning"], title="三人三审")
    submission = Submission.objects.get()

    own = editor_client.post(review_url(submission), {"_approve": "1"}, follow=True)
    assert "这篇稿件是您送审的" in messages_on(own)
    decide(logged_in(second), submission, comment="初审")
    again = logged_in(second).post(review_url(submission), {"_approve": "1"}, follow=True)
    assert "您已签署过本次审核的前一阶段" in messages_on(again)
    assert Submission.objects.get().stage_name == "复审"
    twice = ReviewPath(column=demo_tree["research"], first_stage=Group.objects.get(name="复审组"))
    twice.second_stage = twice.first_stage
    with pytest.raises(ValidationError):
        twice.full_clean()


def test_a_chief_editor_publishing_directly_closes_the_review_signed(
    editor_client, chief_client, demo_tree
):
    column = demo_tree["industry-planning"]
    article = write_and_submit(editor_client, column, title="主编直接发布")

    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, fresh(article), title="主编直接发布", button="_publish"),
    )

    assert public(article)
    submission = Submission.objects.get()
    assert submission.state == Submission.State.APPROVED
    assert submission.decisions.get().decided_by.username == "chief"


def test_articles_an_import_set_pending_wait_in_the_queue(chief_client, demo_tree, make_article):
    imported = make_article(demo_tree["industry-planning"], status=Article.Status.PENDING)

    queue = chief_client.get(QUEUE_URL).context["cl"].result_list

    assert [s.article for s in queue] == [imported]
    assert "有 1 篇文章等待您审核" in text_of(chief_client.get("/admin/").content.decode())


def test_an_article_published_by_an_import_leaves_the_queue(editor_client, chief_client, demo_tree):
    article = write_and_submit(editor_client, demo_tree["industry-planning"], title="已导入")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)

    assert not chief_client.get(QUEUE_URL).context["cl"].result_list


def test_writers_are_shown_by_their_names(editor, editor_client, chief_client, demo_tree):
    editor.last_name, editor.first_name = "张", "三"
    editor.save()
    write_and_submit(editor_client, demo_tree["industry-planning"], title="署名稿件")

    [row] = changelist_rows(chief_client.get(QUEUE_URL).content.decode())
    page = text_of(chief_client.get(review_url(Submission.objects.get())).content.decode())

    assert "张三" in row and "张三" in page
    assert "editor" not in row
    index = editor_client.get("/admin/").content.decode()
    greeting = re.search(r'<div id="user-tools">.*?</strong>', index, re.S).group(0)
    assert "欢迎， 张三" in text_of(greeting)


def test_an_edit_in_review_restarts_it_with_the_same_writer(
    editor_client, chief_client, demo_tree, three_stages
):
    column = demo_tree["industry-planning"]
    article = write_and_submit(editor_client, column, title="主编润色")
    first = logged_in(three_stages[0])
    opened = first.get(review_url(Submission.objects.get())).context["form"]["reviewed"].value()

    # The chief, who does not review 初审, polishes the title.
    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, fresh(article), title="主编润色（改）"),
    )

    current = Submission.objects.in_review().get()
    assert current.submitted_by.username == "editor" and current.stage_name == "初审"
    # The 初审 page opened before the edit decides nothing, and says why.
    late = first.post(
        review_url(Submission.objects.get(state=Submission.State.WITHDRAWN)),
        {"_approve": "1", "comment": "同意", "reviewed": opened},
        follow=True,
    )
    assert "已退回第一阶段重新审核" in messages_on(late) and "同意" in messages_on(late)
    assert not current.decisions.exists()


def test_a_save_that_changes_nothing_keeps_the_review_where_it_is(
    editor_client, chief_client, demo_tree, three_stages
):
    column = demo_tree["industry-planning"]
    article = write_and_submit(
        editor_client, column, title="不改内容", body="<p>第一行<br>第二行</p>"
    )
    decide(logged_in(three_stages[0]), Submission.objects.get())
    stored = fresh(article)

    # The same body as CKEditor sends it back: <br /> and a line break.
    same = {**content_of(stored), "body": "<p>第一行<br />\n第二行</p>"}
    chief_client.post(
        f"/admin/news/article/{article.pk}/change/", article_form(column, stored, **same)
    )

    assert Submission.objects.get().stage_name == "复审"


@pytest.mark.parametrize(
    ("who", "label"), [("first", "保存（仍在审核中）"), ("chief", "保存并重新送审")]
)
def test_the_save_button_says_whether_the_review_starts_again(
    who, label, editor_client, chief_client, demo_tree, three_stages
):
    article = write_and_submit(editor_client, demo_tree["industry-planning"], title="按钮")
    client = logged_in(three_stages[0]) if who == "first" else chief_client

    page = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()

    assert f'value="{label}" name="_save"' in page


def test_an_article_with_review_records_can_be_deleted(admin_client, editor_client, demo_tree):
    article = write_and_submit(editor_client, demo_tree["industry-planning"], title="待删除")
    decide(admin_client, Submission.objects.get(), "_send_back", "不用了")

    asked = admin_client.get(f"/admin/news/article/{article.pk}/delete/")
    admin_client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})

    assert asked.status_code == 200
    # What goes with it names the decision by its stage and verdict, as the history does.
    assert "审核意见: 审核 · 退回" in text_of(asked.content.decode())
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Decision.objects.exists()


def test_sending_back_from_a_filtered_list_counts_what_it_left_out(
    editor_client, chief_client, demo_tree, three_stages
):
    mine = [
        write_and_submit(editor_client, demo_tree["reports"], title=f"待审 {n}") for n in (1, 2)
    ]
    # At 初审 (新闻中心's path): not the chief's to send back.
    other = write_and_submit(editor_client, demo_tree["industry-planning"], title="初审中")

    response = chief_client.post(
        "/admin/news/article/?state=pending",
        {
            "action": "send_back",
            "_selected_action": [a.pk for a in [*mine, other]],
            "apply": "1",
            "note": "请修改",
        },
        follow=True,
    )

    shown = messages_on(response)
    assert "已将 2 篇文章退回给作者" in shown and "有 1 篇所选文章未处理" in shown


def queue_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(QUEUE_URL)  # warm process-wide caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE_URL).status_code == 200
    return len(queries.captured_queries)


def test_the_queues_queries_do_not_grow_with_what_waits(editor_client, chief_client, demo_tree):
    column = demo_tree["industry-planning"]
    write_and_submit(editor_client, column, title="待审 0")
    few = queue_queries(chief_client)

    for n in range(1, 30):
        write_and_submit(editor_client, column, title=f"待审 {n}")

    assert queue_queries(chief_client) == few


def test_a_writers_restore_in_review_starts_the_review_again(
    editor_client, demo_tree, three_stages
):
    column = demo_tree["industry-planning"]
    article = write_and_submit(editor_client, column, title="恢复测试", body="<p>第一版。</p>")
    editor_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, fresh(article), title="恢复测试", body="<p>第二版。</p>"),
    )
    first, second = (logged_in(user) for user in three_stages)
    decide(first, Submission.objects.in_review().get())
    decide(second, Submission.objects.in_review().get())
    older = versions_of(article).last()

    editor_client.post(f"/admin/news/article/{article.pk}/history/{older.pk}/restore/")

    current = Submission.objects.in_review().get()
    assert (current.stage_name, current.decisions.count()) == ("初审", 0)


def test_a_second_click_after_another_decided_does_not_sign_the_next_stage(
    editor_client, demo_tree, three_stages
):
    first, second = three_stages
    second.groups.add(Group.objects.get(name="初审组"))  # may review 初审 and 复审
    write_and_submit(editor_client, demo_tree["industry-planning"], title="两人同时")
    submission = Submission.objects.get()
    late = logged_in(second)
    opened = late.get(review_url(submission)).context["form"]["reviewed"].value()
    decide(logged_in(first), submission)

    response = late.post(
        review_url(submission),
        {"_approve": "1", "comment": "初审意见", "reviewed": opened},
        follow=True,
    )

    assert "已有人先于您处理" in messages_on(response)
    assert submission.decisions.count() == 1


def test_placing_an_article_in_review_does_not_restart_its_review(
    editor_client, chief_client, demo_tree, three_stages
):
    column = demo_tree["industry-planning"]
    article = write_and_submit(editor_client, column, title="只设头条")
    decide(logged_in(three_stages[0]), Submission.objects.get())
    stored = fresh(article)

    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, stored, is_headline="on", **content_of(stored)),
    )

    assert fresh(article).is_headline
    assert Submission.objects.get().stage_name == "复审"


def test_bulk_publishing_leaves_out_an_article_at_an_earlier_stage(
    editor_client, chief_client, demo_tree, three_stages
):
    at_first = write_and_submit(editor_client, demo_tree["industry-planning"], title="初审中")
    at_last = write_and_submit(editor_client, demo_tree["reports"], title="终审中")  # one stage

    response = chief_client.post(
        "/admin/news/article/",
        {"action": "publish", "_selected_action": [at_first.pk, at_last.pk], "index": 0},
        follow=True,
    )

    assert (fresh(at_first).status, fresh(at_last).status) == ("pending", "published")
    assert "已发布 1 篇文章" in messages_on(response)
    assert "有 1 篇所选文章未处理" in messages_on(response)
    assert Submission.objects.get(article=at_last).state == Submission.State.APPROVED


def test_queueing_imported_articles_costs_the_same_for_one_or_many(
    chief_client, demo_tree, make_article
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsroom.review import queue_unqueued

    def queries_to_queue(count):
        for _ in range(count):
            make_article(demo_tree["industry-planning"], status=Article.Status.PENDING)
        with CaptureQueriesContext(connection) as queries:
            queue_unqueued()
        return len(queries.captured_queries)

    assert queries_to_queue(1) == queries_to_queue(30)
    assert Submission.objects.in_review().count() == 31


def test_an_article_approved_again_keeps_its_date(editor_client, chief_client, demo_tree):
    column = demo_tree["industry-planning"]
    article = published_through_the_form(
        chief_client,
        column,
        title="三月的旧稿",
        published_at_0="2024-03-01",
        published_at_1="09:00:00",
    )
    dated = fresh(article).published_at
    unpublish(chief_client, article)
    editor_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, fresh(article), button="_submit", **content_of(fresh(article))),
    )
    decide(chief_client, Submission.objects.in_review().get(), "_approve")

    assert fresh(article).status == Article.Status.PUBLISHED
    assert fresh(article).published_at == dated


def on_approval(client, submission, language="zh-hans"):
    """What the review page says approving will do, beside its button."""
    response = client.get(review_url(submission), headers={"accept-language": language})
    page = response.content.decode()
    return text_of(
        re.search(r'<p class="help">(.*?)</p>\s*<div class="submit-row">', page, re.S)[1]
    )


def test_the_review_page_says_what_approving_does(
    editor_client, chief_client, demo_tree, three_stages
):
    first = logged_in(three_stages[0])
    write_and_submit(editor_client, demo_tree["industry-planning"], title="三审稿件")
    staged = Submission.objects.get()
    assert on_approval(first, staged) == "批准后将交由下一阶段审核：复审。"

    tomorrow = timezone.localtime() + timedelta(days=1)
    write_and_submit(
        editor_client,
        demo_tree["reports"],
        title="明日发布",
        published_at_0=tomorrow.strftime("%Y-%m-%d"),
        published_at_1="08:00:00",
    )
    scheduled = Submission.objects.get(article__title="明日发布")
    assert on_approval(chief_client, scheduled) == (
        f"批准后将排期发布：{tomorrow:%Y-%m-%d} 08:00 起公开。"
    )

    write_and_submit(editor_client, demo_tree["reports"], title="今日稿件")
    now = Submission.objects.get(article__title="今日稿件")
    assert on_approval(chief_client, now).startswith("批准后将立即发布，发布时间为")
    in_english = on_approval(chief_client, now, "en")
    assert in_english.startswith("Approving publishes it at once, dated 20")
    assert not in_english.endswith("..")


def summaries_on(client, submission):
    """The summaries the review page shows above the bodies it shows."""
    page = client.get(review_url(submission)).content.decode()
    return [text_of(p) for p in re.findall(r'<p class="review-summary">(.*?)</p>', page, re.S)]


@pytest.mark.parametrize(
    ("summary", "shown"),
    [
        ("", []),  # derived from the body: its first paragraph again
        ("第一段正文。", []),
        ("园区规划的要点。", ["摘要: 园区规划的要点。"]),
    ],
)
def test_the_review_page_shows_a_summary_only_when_it_adds_to_the_body(
    editor_client, chief_client, demo_tree, summary, shown
):
    write_and_submit(editor_client, demo_tree["industry-planning"], summary=summary)

    assert summaries_on(chief_client, Submission.objects.get()) == shown


def test_a_changes_page_shows_the_summary_readers_will_read(
    editor_client, chief_client, demo_tree, make_article
):
    from .test_pending_changes import change_form, change_url

    live = make_article(demo_tree["industry-planning"], body="<p>原来的正文。</p>")
    new_body = change_form(editor_client, live, body="<p>新的正文。</p>", button="_submit")
    editor_client.post(change_url(live), new_body)
    # The live summary, derived from the live body, is derived again from the new one.
    assert summaries_on(chief_client, Submission.objects.get()) == []

    summary = change_form(editor_client, live, summary="新的摘要。")  # 保存并重新送审
    editor_client.post(change_url(live), summary)
    assert summaries_on(chief_client, Submission.objects.in_review().get()) == ["摘要: 新的摘要。"]


def test_an_article_moved_in_review_is_reviewed_on_its_new_columns_path(
    editor_client, chief_client, demo_tree, three_stages
):
    """The list's move is an edit as the form's is: an article in review moved into a column
    of three stages starts again on that path, rather than going public after the one
    stage of the column it was sent from."""
    article = write_and_submit(editor_client, demo_tree["research"], title="送审后移栏目")
    assert Submission.objects.get().stage_groups == [None]

    response = editor_client.post(
        "/admin/news/article/",
        {
            "action": "move_to_column",
            "_selected_action": [article.pk],
            "apply": "1",
            "column": demo_tree["industry-planning"].pk,
        },
        follow=True,
    )

    assert fresh(article).column == demo_tree["industry-planning"]
    said = [str(message) for message in response.context["messages"]]
    assert "移动的 1 篇文章按“产业规划”的审核流程从第一步重新审核。" in said
    submission = Submission.objects.in_review().get(article=article)
    assert len(submission.stage_groups) == 3 and submission.stage_name == "初审"
    assert not chief_client.get(QUEUE_URL).context["cl"].result_list
    decide(chief_client, submission)
    assert not public(article)


def test_a_reviewer_who_moves_an_article_in_review_sends_it_onto_the_new_path(
    editor_client, chief_client, demo_tree, three_stages
):
    """The chief editor deciding the one stage of 研究报告 moves the article into 新闻中心 from
    the form: its review starts again with 新闻中心's 初审, not signed off by that one stage."""
    article = write_and_submit(editor_client, demo_tree["research"], title="审核人改栏目")

    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(demo_tree["industry-planning"], fresh(article), title="审核人改栏目"),
    )

    submission = Submission.objects.in_review().get(article=article)
    assert fresh(article).column == demo_tree["industry-planning"]
    assert len(submission.stage_groups) == 3 and submission.stage_name == "初审"
    assert not chief_client.get(QUEUE_URL).context["cl"].result_list
