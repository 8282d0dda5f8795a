"""The demo site's column tree: the seed page's 新闻中心 and the other columns of such a portal."""

from .models import Category

# (name, slug, children); siblings in the order the seed page shows them.
DEMO_TREE = [
    (
        "新闻中心",
        "news",
        [
            ("高新院新闻", "institute-news", []),
            ("政策解读", "policy-interpretation", []),
            ("高新区新闻", "hi-tech-zone-news", []),
            ("区域经济研究", "regional-economy", []),
            ("经济开发区新闻", "development-zone-news", []),
            ("科技创新", "tech-innovation", []),
            ("战略性新兴产业研究", "emerging-industries", []),
            ("行业洞见", "industry-insights", []),
            ("一带一路新闻", "belt-and-road", []),
            ("智慧城市案例", "smart-city-cases", []),
            ("产业规划", "industry-planning", []),
            ("园区规划", "park-planning", []),
            ("智慧城市news", "smart-city-news", []),
        ],
    ),
    (
        "研究成果",
        "research",
        [("研究报告", "reports", []), ("白皮书", "white-papers", [])],
    ),
    (
        "专题专栏",
        "topics",
        [
            ("数字经济", "digital-economy", [("数据要素", "data-elements", [])]),
            ("乡村振兴", "rural-revitalization", []),
        ],
    ),
    ("通知公告", "notices", [("招标公告", "tenders", [])]),
]


def ensure_demo_tree(tree=DEMO_TREE, parent=None):
    """Create the columns that are missing, matched by slug; return how many were created."""
    created = 0
    for name, slug, children in tree:
        column = Category.objects.filter(slug=slug).first()
        if column is None:
            column = Category.objects.create(name=name, slug=slug, parent=parent)
            created += 1
        created += ensure_demo_tree(children, column)
    return created
