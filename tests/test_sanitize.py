"""Article bodies are sanitized on save: hostile markup goes, the text and allowed markup stay."""

import html
import re

import pytest

from news.models import Article
from news.sanitize import clean_html

# (id, hostile body, Chinese text that must survive)
HOSTILE = [
    ("script", "<p>高新院新闻</p><script>alert(1)</script>", "高新院新闻"),
    ("img-onerror", '<img src=x onerror="alert(1)"><p>政策解读</p>', "政策解读"),
    ("javascript-href", '<a href="javascript:alert(1)">区域经济研究</a>', "区域经济研究"),
    ("mixed-case-javascript", '<a href="JaVaScRiPt:alert(1)">科技创新</a>', "科技创新"),
    ("javascript-with-tab", '<a href="java\tscript:alert(1)">行业洞见</a>', "行业洞见"),
    ("javascript-leading-space", '<a href="  javascript:alert(1)">园区规划</a>', "园区规划"),
    (
        "iframe",
        '<iframe src="https://evil.example/"></iframe><p>一带一路新闻</p>',
        "一带一路新闻",
    ),
    ("style-element", "<style>body{display:none}</style><p>智慧城市案例</p>", "智慧城市案例"),
    (
        "style-and-onclick",
        '<p style="position:fixed;top:0" onclick="alert(1)">产业规划</p>',
        "产业规划",
    ),
    ("svg-onload", '<svg onload="alert(1)"><circle r="9"/></svg><p>经济开发区</p>', "经济开发区"),
    (
        "object-embed",
        '<object data="x.swf"></object><embed src="x.swf"><p>战略性新兴产业</p>',
        "战略性新兴产业",
    ),
    (
        "form-input",
        '<form action="https://evil.example/"><input name="pw" onfocus="alert(1)" autofocus>'
        "</form><p>数字经济</p>",
        "数字经济",
    ),
    (
        "data-url-image",
        '<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" alt="图">'
        "<p>数据要素</p>",
        "数据要素",
    ),
    (
        "math-and-meta-refresh",
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'
        '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>乡村振兴</p>',
        "乡村振兴",
    ),
    ("nested-script", "<scr<script>ipt>alert(1)</script><p>研究报告</p>", "研究报告"),
    (
        "double-nested-script",
        "<<script>script>alert(1)<</script>/script><p>白皮书</p>",
        "白皮书",
    ),
    ("entity-colon-href", '<a href="javascript&#58;alert(1)">通知公告</a>', "通知公告"),
    ("entity-letter-href", '<a href="&#106;avascript:alert(1)">招标公告</a>', "招标公告"),
    ("base-href", '<base href="https://evil.example/"><p>高新区新闻</p>', "高新区新闻"),
    ("unclosed-script", "<p>六城携手</p><script>alert(1)", "六城携手"),
    ("comment", "<!--<script>alert(1)</script>--><p>都市圈</p>", "都市圈"),
]

# What must never be in a stored body, whatever the input.
FORBIDDEN = [
    re.compile(r"<\s*script", re.I),
    re.compile(r"<\s*iframe", re.I),
    re.compile(r"<\s*style", re.I),
    re.compile(r"<\s*(svg|math|object|embed|form|input|meta|base)\b", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),  # event attributes
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"javascript", re.I),
    re.compile(r"data:", re.I),
]


def as_browser_reads(stored):
    """Entities decoded and the tabs/newlines browsers ignore inside URLs removed."""
    return re.sub(r"[\t\n\r]", "", html.unescape(stored))


def save_body(column, body):
    article = Article.objects.create(title="安全测试", column=column, body=body)
    return Article.objects.get(pk=article.pk).body


@pytest.mark.parametrize(("body", "text"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_markup_is_removed_and_the_text_survives(demo_tree, body, text):
    stored = save_body(demo_tree["news"], body)
    assert stored  # something was kept: the text
    for pattern in FORBIDDEN:
        assert not pattern.search(stored), (pattern.pattern, stored)
        assert not pattern.search(as_browser_reads(stored)), (pattern.pattern, stored)
    assert text in stored


def test_allowed_markup_survives_intact(demo_tree):
    body = (
        "<h2>产业规划</h2><h3>重点任务</h3>"
        "<p><strong>加快</strong>建设<em>创新</em>走廊</p>"
        "<ul><li>电子信息</li><li>智能装备</li></ul>"
        "<blockquote>协同发展</blockquote>"
        "<table><tbody><tr><td>城市</td><td>产值</td></tr></tbody></table>"
    )
    assert save_body(demo_tree["news"], body) == body


def test_external_link_keeps_its_href_and_gains_rel(demo_tree):
    stored = save_body(demo_tree["news"], '<p><a href="https://www.achie.org/">高新院</a></p>')
    assert 'href="https://www.achie.org/"' in stored
    assert 'rel="noopener noreferrer"' in stored
    assert ">高新院</a>" in stored


def test_a_given_rel_is_replaced_not_duplicated(demo_tree):
    stored = save_body(demo_tree["news"], '<a href="https://example.com/" rel="opener">外链</a>')
    assert stored.count("rel=") == 1
    assert 'rel="noopener noreferrer"' in stored


@pytest.mark.parametrize("href", ["/articles/3/", "../columns/news/", "#part-2", "?page=2"])
def test_relative_links_work(demo_tree, href):
    stored = save_body(demo_tree["news"], f'<a href="{href}">相关阅读</a>')
    assert f'href="{href}"' in stored


def test_mailto_link_is_kept(demo_tree):
    stored = save_body(demo_tree["news"], '<a href="mailto:news@example.org">联系我们</a>')
    assert 'href="mailto:news@example.org"' in stored


def test_image_keeps_src_alt_and_size(demo_tree):
    stored = save_body(demo_tree["news"], '<img src="/media/x.png" alt="图" width="10">')
    assert stored == '<img src="/media/x.png" alt="图" width="10">'


def test_h1_is_not_kept_as_h1_but_its_text_stays(demo_tree):
    stored = save_body(demo_tree["news"], "<h1>六城携手</h1><p>正文</p>")
    assert "<h1" not in stored
    assert "六城携手" in stored
    assert "<p>正文</p>" in stored


def test_text_that_looks_like_markup_stays_escaped_text(demo_tree):
    stored = save_body(demo_tree["news"], "<p>a &lt;script&gt; b &amp; c</p>")
    assert stored == "<p>a &lt;script&gt; b &amp; c</p>"


@pytest.mark.parametrize(
    "body",
    [c[1] for c in HOSTILE]
    + [
        '<p><a href="https://example.com/">外链</a></p>',
        "<table><tr><td>未写 tbody 的表格</td></tr></table>",
        "<p>a &lt;b&gt; &amp; 中文 &nbsp; 空格</p>",
        "<ul><li>未闭合<li>列表</ul><p>段落",
    ],
)
def test_sanitizing_is_idempotent(body):
    once = clean_html(body)
    assert clean_html(once) == once


def test_saving_again_does_not_change_a_clean_body(demo_tree):
    article = Article.objects.create(
        title="再次保存",
        column=demo_tree["news"],
        body='<table><tr><td>格</td></tr></table><a href="https://example.com/">链接</a>',
    )
    first = article.body
    article.save()
    article.refresh_from_db()
    assert article.body == first
