"""A re-run withdraws what DedeCMS no longer publishes: a status here, never a deletion."""

import re

from auditlog.models import Action, Entry
from news.models import Article

from .test_rerun import by_legacy_id


def take_back(site):
    """In DedeCMS: 101 to the recycle bin, 109 deleted, 106 back to pending review."""
    site.execute("UPDATE #@__archives SET arcrank = -2 WHERE id = 101")
    site.execute("DELETE FROM #@__archives WHERE id = 109")
    site.execute("DELETE FROM #@__addonarticle WHERE aid = 109")
    site.execute("UPDATE #@__archives SET arcrank = -1 WHERE id = 106")


def published_count(output):
    return int(re.search(r"^articles by status: .*published (\d+)", output, re.M)[1])


def test_a_rerun_withdraws_what_dedecms_no_longer_publishes(editable_site, import_dedecms, client):
    import_dedecms(editable_site)
    article = Article.objects.get(legacy_id=101)
    article.body += "<p>本站补充的说明。</p>"  # an edit made here
    article.save()
    client.get(article.get_absolute_url())  # a hit counted here
    before = by_legacy_id(Article)
    take_back(editable_site)

    dry = import_dedecms(editable_site, "--dry-run")
    assert by_legacy_id(Article) == before
    output = import_dedecms(editable_site)

    assert dry.replace(" (dry run: nothing was written)", "") == output
    assert "withdrawn (DedeCMS no longer publishes them): 3" in output
    assert "  article 101: in the recycle bin (arcrank -2)" in output
    assert "  article 106: back to pending review in DedeCMS" in output
    assert "  article 109: deleted in DedeCMS" in output
    after = by_legacy_id(Article)
    assert after.keys() == before.keys()  # nothing deleted
    assert {i: after[i]["status"] for i in (101, 106, 109)} == {
        101: "draft",
        106: "pending",
        109: "draft",
    }
    assert "本站补充的说明。" in after[101]["body"]
    assert after[101]["view_count"] == before[101]["view_count"] == 121
    # What the report counts as published is what readers see.
    assert published_count(output) == Article.objects.published().count() == 1
    # The audit log keeps the run with what it withdrew.
    ran = Entry.objects.filter(action=Action.IMPORT).order_by("pk").last()
    assert ran.detail["counts"]["withdrawn"] == 3 and not ran.detail["dry_run"]

    # The old addresses of what was public are gone; of what never was, not found.
    for aid in (101, 106, 109):
        assert client.get(f"/plus/view.php?aid={aid}").status_code == 410
        assert client.get(f"/a/news/2023/0105/{aid}.html").status_code == 410
    assert client.get("/plus/view.php?aid=102").status_code == 404  # pending, never public
    assert client.get(article.get_absolute_url()).status_code == 404

    # A run with nothing changed withdraws nothing again.
    again = import_dedecms(editable_site)
    assert "withdrawn" not in again
    assert re.search(r"^articles +0 +0 +4$", again, re.M)


def test_an_article_out_of_the_recycle_bin_is_published_again_with_the_edits_made_here(
    editable_site, import_dedecms, client
):
    import_dedecms(editable_site)
    editable_site.execute("UPDATE #@__archives SET arcrank = -2 WHERE id = 101")
    import_dedecms(editable_site)
    article = Article.objects.get(legacy_id=101)
    article.body += "<p>本站补充的说明。</p>"
    article.save()

    editable_site.execute("UPDATE #@__archives SET arcrank = 0 WHERE id = 101")
    output = import_dedecms(editable_site)

    restored = Article.objects.get(legacy_id=101)
    assert restored.is_public
    assert "本站补充的说明。" in restored.body
    assert "restored (withdrawn before, back in DedeCMS): 1" in output
    response = client.get("/plus/view.php?aid=101")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200


def test_an_old_address_never_redirects_to_a_page_that_is_not_there(
    utf8_site, import_dedecms, client
):
    import_dedecms(utf8_site)
    for aid in (102, 104):  # pending, and members only (a draft here)
        assert client.get(f"/plus/view.php?aid={aid}").status_code == 404


def test_approval_and_review_in_dedecms_change_only_the_status_here(editable_site, import_dedecms):
    import_dedecms(editable_site)
    for legacy_id in (102, 106):  # pending, and published
        article = Article.objects.get(legacy_id=legacy_id)
        article.body += "<p>本站补充的说明。</p>"
        article.save()
    editable_site.execute("UPDATE #@__archives SET arcrank = 0 WHERE id = 102")  # approved
    editable_site.execute("UPDATE #@__archives SET arcrank = -1 WHERE id = 106")  # to review
    output = import_dedecms(editable_site)

    after = by_legacy_id(Article)
    assert (after[102]["status"], after[106]["status"]) == ("published", "pending")
    assert "本站补充的说明。" in after[102]["body"]
    assert "本站补充的说明。" in after[106]["body"]
    assert "  article 106: back to pending review in DedeCMS" in output
    assert re.search(r"^articles +0 +2 +4$", output, re.M)
