"""The column list in the admin opens two levels deep on a fresh browser, under the CSP."""

import pytest
from playwright.sync_api import expect

from categories.models import Category

from .test_content_security_policy import RECORD_VIOLATIONS, violations
from .test_editor_flow import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def shown_columns(page):
    page.wait_for_selector("#result_list .tree-node.children")  # django-mptt's script ran
    return page.locator("#result_list tbody tr:visible .tree-node").evaluate_all(
        "nodes => nodes.map(node => Number(node.dataset.pk))"
    )


def test_the_column_tree_opens_two_levels_deep(page, site, demo_tree, admin_user, tmp_path):
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, site, "admin", "password")

    page.goto(f"{site}/admin/categories/category/")

    top_two = set(Category.objects.filter(level__lt=2).values_list("pk", flat=True))
    assert len(top_two) == 22 and Category.objects.count() == 23  # 数据要素 is the third level
    assert set(shown_columns(page)) == top_two
    page.screenshot(path=tmp_path / "column-tree.png", full_page=True)
    assert violations(page) == []

    # What the editor opens or closes is remembered over the default.
    page.locator(f'.tree-node[data-pk="{demo_tree["news"].pk}"]').click()
    page.locator(f'.tree-node[data-pk="{demo_tree["digital-economy"].pk}"]').click()
    page.reload()
    news_children = set(demo_tree["news"].get_children().values_list("pk", flat=True))
    expect(page.locator("#result_list tbody tr:visible")).to_have_count(
        len(top_two) - len(news_children) + 1
    )
    assert set(shown_columns(page)) == top_two - news_children | {demo_tree["data-elements"].pk}
