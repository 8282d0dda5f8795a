"""DedeCMS's special topics (专题, channel -1, their sections in addonspec.note) become topics:
sections in their order, each with the imported articles DedeCMS lists, in its order; the old
addresses lead to the topic; re-runs keep what is unchanged and withdraw what DedeCMS no
longer publishes."""

import re
from datetime import UTC, datetime

from topics.models import Topic

from .sites import PUBDATE, article


def note(*sections):
    """addonspec.note as DedeCMS's spec_add.php writes it: a {dede:specnote} tag a section,
    with its list template inside."""
    return "".join(
        f"{{dede:specnote imgheight='90' imgwidth='120' infolen='160' titlelen='60' col='1'"
        f" idlist='{ids}' name='{name}' noteid='n{n}' isauto='{auto}' rownum='40'"
        f" keywords='' typeid='0'}}\n<li>[field:title/]</li>\n{{/dede:specnote}}\r\n"
        for n, (name, ids, auto) in enumerate(sections)
    )


def special_topic(aid, title, sections, **fields):
    return article(
        aid, 1, title, channel=-1, description="专题导语。", note=note(*sections), **fields
    )


REGIONAL = special_topic(
    201,
    "区域&amp;一体化",
    [("政策", "105,101,103,999", 0), ("观察", "102", 0), ("自动", "", 1)],
)


def sections_of(topic):
    return {
        section.name: [entry.article.legacy_id for entry in section.entries.all()]
        for section in topic.sections.all()
    }


def test_a_special_topic_comes_with_its_sections_and_articles(
    editable_site, import_dedecms, client
):
    editable_site.add_article(REGIONAL)

    output = import_dedecms(editable_site)

    topic = Topic.objects.get(legacy_id=201)
    assert topic.title == "区域&一体化"
    assert topic.slug == "quyuyitihua"
    assert topic.lead == "专题导语。"
    assert topic.status == Topic.Status.PUBLISHED
    assert topic.published_at == datetime.fromtimestamp(PUBDATE, UTC)
    assert sections_of(topic) == {"政策": [105, 101], "观察": [102], "自动": []}
    assert re.search(r"^topics +1 +0 +0$", output, re.M)
    assert "topic 201: section '政策': article 103 is not imported" in output
    assert "topic 201: section '政策': article 999 is not imported" in output
    assert "topic 201: section '自动': filled by DedeCMS from keywords or a column" in output
    assert "channel -1" not in output
    # 102 waits for review: readers see the others only.
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "园区规划置顶" in page and "六城携手打造产业集群都市圈" in page
    assert "政策解读：数据要素" not in page


def test_the_old_addresses_of_a_special_topic_lead_to_it(editable_site, import_dedecms, client):
    editable_site.add_article(REGIONAL)
    editable_site.add_article(special_topic(202, "待审专题", [], arcrank=-1))
    import_dedecms(editable_site)
    topic = Topic.objects.get(legacy_id=201)

    for old in ("/plus/view.php?aid=201", "/a/news/2023/0105/201.html"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == topic.get_absolute_url()
    # Never public (waiting for review in DedeCMS): not found, new address or old.
    assert client.get("/plus/view.php?aid=202").status_code == 404
    assert client.get(Topic.objects.get(legacy_id=202).get_absolute_url()).status_code == 404


def test_a_rerun_keeps_an_unchanged_topic_and_its_edits_here(editable_site, import_dedecms):
    editable_site.add_article(REGIONAL)
    import_dedecms(editable_site)
    topic = Topic.objects.get(legacy_id=201)
    topic.sections.filter(name="观察").update(name="观察与评论")

    output = import_dedecms(editable_site)

    assert re.search(r"^topics +0 +0 +1$", output, re.M)
    assert set(sections_of(topic)) == {"政策", "观察与评论", "自动"}


def test_a_topic_changed_in_dedecms_is_imported_again(editable_site, import_dedecms):
    editable_site.add_article(REGIONAL)
    import_dedecms(editable_site)
    editable_site.execute(
        "UPDATE #@__addonspec SET note = %s WHERE aid = 201", [note(("要闻", "101,105", 0))]
    )
    editable_site.execute("UPDATE #@__archives SET title = '长三角专题' WHERE id = 201")

    output = import_dedecms(editable_site)

    topic = Topic.objects.get(legacy_id=201)
    assert re.search(r"^topics +0 +1 +0$", output, re.M)
    assert topic.title == "长三角专题"
    assert topic.slug == "quyuyitihua"  # its address stays
    assert sections_of(topic) == {"要闻": [101, 105]}


def test_a_topic_dedecms_no_longer_publishes_is_withdrawn(editable_site, import_dedecms, client):
    editable_site.add_article(REGIONAL)
    editable_site.add_article(special_topic(203, "将被删除的专题", [("一", "101", 0)]))
    import_dedecms(editable_site)
    editable_site.execute("UPDATE #@__archives SET arcrank = -2 WHERE id = 201")
    editable_site.execute("DELETE FROM #@__archives WHERE id = 203")

    output = import_dedecms(editable_site)

    assert "topic 201: in the recycle bin (arcrank -2)" in output
    assert "topic 203: deleted in DedeCMS" in output
    assert set(Topic.objects.values_list("status", flat=True)) == {Topic.Status.DRAFT}
    # Readers saw them: their addresses, new and old, say they are gone.
    assert client.get(Topic.objects.get(legacy_id=201).get_absolute_url()).status_code == 410
    assert client.get("/plus/view.php?aid=201").status_code == 410
    assert client.get("/a/news/2023/0105/203.html").status_code == 410

    editable_site.execute("UPDATE #@__archives SET arcrank = 0 WHERE id = 201")
    import_dedecms(editable_site)
    assert Topic.objects.get(legacy_id=201).status == Topic.Status.PUBLISHED


def test_a_dry_run_imports_no_topic(editable_site, import_dedecms):
    editable_site.add_article(REGIONAL)

    output = import_dedecms(editable_site, "--dry-run")

    assert re.search(r"^topics +1 +0 +0$", output, re.M)
    assert not Topic.objects.exists()


def test_a_note_with_escaped_quotes_and_ids_inside_is_read(editable_site, import_dedecms):
    escaped = "{dede:specnote name=\\'要闻\\' isauto=\\'0\\' idlist=\\'\\'}105, 101{/dede:specnote}"
    editable_site.add_article({**special_topic(204, "旧版专题", []), "note": escaped})

    import_dedecms(editable_site)

    assert sections_of(Topic.objects.get(legacy_id=204)) == {"要闻": [105, 101]}


def test_a_topic_is_listed_on_the_page_of_its_topic_column(editable_site, import_dedecms, client):
    """DedeCMS keeps 专题 in a column of their own (arctype.channeltype -1): the topic is
    linked to it, and its page names the topic; a topic whose column is not imported is
    linked to none, with a note."""
    editable_site.add_column((8, 0, 5, "专题", "{cmspath}/a/zhuanti", 0, 0, "", "", ""))
    editable_site.execute("UPDATE #@__arctype SET channeltype = -1 WHERE id = 8")
    editable_site.add_article({**REGIONAL, "typeid": 8})
    editable_site.add_article({**special_topic(205, "外链栏目下的专题", []), "typeid": 6})

    output = import_dedecms(editable_site)

    topic = Topic.objects.get(legacy_id=201)
    assert topic.column.legacy_id == 8
    assert Topic.objects.get(legacy_id=205).column is None
    assert "topic 205: its column 6 is not imported: listed on no column" in output
    page = client.get(f"/columns/{topic.column.slug}/").content.decode()
    topics = re.search(r'<nav class="column-topics".*?</nav>', page, re.S).group(0)
    assert f'href="{topic.get_absolute_url()}"' in topics and "区域&amp;一体化" in topics
    assert client.get("/a/zhuanti/").status_code == 301
