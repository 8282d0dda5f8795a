import html
import re


def text_of(markup):
    """The text a reader sees in a piece of HTML, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def section(markup, css_class, tag):
    """The first <tag class="css_class">…</tag> of the page (not nested in itself)."""
    match = re.search(rf'<{tag} class="{css_class}"[^>]*>.*?</{tag}>', markup, re.S)
    assert match, f"no {tag}.{css_class} on the page"
    return match.group(0)


def tree_is_valid(columns):
    """Each tree's lft/rght values are exactly 1..2n, as django-mptt requires."""
    trees = {}
    for column in columns:
        trees.setdefault(column.tree_id, []).extend([column.lft, column.rght])
    return all(sorted(v) == list(range(1, len(v) + 1)) for v in trees.values())
