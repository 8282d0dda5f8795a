"""DedeCMS databases for the tests: the tables as DedeCMS's install SQL defines them (5.6's
install/sql-dftables.txt, and 5.7's, which adds arctype.seotitle and archives columns), and
rows written for the tests."""

from dataclasses import dataclass

# 5.6 (install/sql-dftables.txt; its `TYPE=MyISAM` is spelled ENGINE=MyISAM since MySQL 5.5).
TABLES_56 = """
CREATE TABLE `{p}addonarticle` (
  `aid` mediumint(8) unsigned NOT NULL default '0',
  `typeid` smallint(5) unsigned NOT NULL default '0',
  `body` mediumtext,
  `redirecturl` varchar(255) NOT NULL default '',
  `templet` varchar(30) NOT NULL default '',
  `userip` char(15) NOT NULL default '',
  PRIMARY KEY  (`aid`),
  KEY `typeid` (`typeid`)
) ENGINE=MyISAM DEFAULT CHARSET={charset};

CREATE TABLE `{p}addonimages` (
  `aid` mediumint(8) unsigned NOT NULL default '0',
  `typeid` smallint(5) unsigned NOT NULL default '0',
  `pagestyle` smallint(6) NOT NULL default '1',
  `maxwidth` smallint(6) NOT NULL default '600',
  `imgurls` text,
  `row` smallint(6) NOT NULL default '0',
  `col` smallint(6) NOT NULL default '0',
  `isrm` smallint(6) NOT NULL default '0',
  `ddmaxwidth` smallint(6) NOT NULL default '200',
  `pagepicnum` smallint(6) NOT NULL default '12',
  `templet` varchar(30) NOT NULL default '',
  `userip` char(15) NOT NULL default '',
  `redirecturl` varchar(255) NOT NULL default '',
  PRIMARY KEY  (`aid`),
  KEY `imagesMain` (`typeid`)
) ENGINE=MyISAM DEFAULT CHARSET={charset};

CREATE TABLE `{p}addonspec` (
  `aid` mediumint(8) unsigned NOT NULL default '0',
  `typeid` smallint(5) unsigned NOT NULL default '0',
  `note` text,
  `templet` varchar(30) NOT NULL default '',
  `userip` char(15) NOT NULL default '',
  `redirecturl` varchar(255) NOT NULL default '',
  PRIMARY KEY  (`aid`),
  KEY `typeid` (`typeid`)
) ENGINE=MyISAM DEFAULT CHARSET={charset};

CREATE TABLE `{p}archives` (
  `id` mediumint(8) unsigned NOT NULL default '0',
  `typeid` smallint(8) unsigned NOT NULL default '0',
  `typeid2` smallint(5) unsigned NOT NULL default '0',
  `sortrank` int(10) unsigned NOT NULL default '0',
  `flag` set('c','h','p','f','s','j','a','b') default NULL,
  `ismake` smallint(6) NOT NULL default '0',
  `channel` smallint(6) NOT NULL default '1',
  `arcrank` smallint(6) NOT NULL default '0',
  `click` mediumint(8) unsigned NOT NULL default '0',
  `money` smallint(6) NOT NULL default '0',
  `title` char(60) NOT NULL default '',
  `shorttitle` char(36) NOT NULL default '',
  `color` char(7) NOT NULL default '',
  `writer` char(20) NOT NULL default '',
  `source` char(30) NOT NULL default '',
  `litpic` char(80) NOT NULL default '',
  `pubdate` int(10) unsigned NOT NULL default '0',
  `senddate` int(10) unsigned NOT NULL default '0',
  `mid` mediumint(8) unsigned NOT NULL default '0',
  `keywords` char(30) NOT NULL default '',
  `lastpost` int(10) unsigned NOT NULL default '0',
  `scores` mediumint(8) NOT NULL default '0',
  `goodpost` mediumint(8) unsigned NOT NULL default '0',
  `badpost` mediumint(8) unsigned NOT NULL default '0',
  `notpost` tinyint(1) unsigned NOT NULL default '0',
  `description` varchar(255) NOT NULL default '',
  `filename` varchar(40) NOT NULL default '',
  PRIMARY KEY  (`id`),
  KEY `sortrank` (`sortrank`)
) ENGINE=MyISAM DEFAULT CHARSET={charset};

CREATE TABLE `{p}arctype` (
  `id` smallint(5) unsigned NOT NULL auto_increment,
  `reid` smallint(5) unsigned NOT NULL default '0',
  `topid` smallint(5) unsigned NOT NULL default '0',
  `sortrank` smallint(5) unsigned NOT NULL default '50',
  `typename` char(30) NOT NULL default '',
  `typedir` char(60) NOT NULL default '',
  `isdefault` smallint(6) NOT NULL default '0',
  `defaultname` char(15) NOT NULL default 'index.html',
  `issend` smallint(6) NOT NULL default '0',
  `channeltype` smallint(6) default '1',
  `maxpage` smallint(6) NOT NULL default '-1',
  `ispart` smallint(6) NOT NULL default '0',
  `corank` smallint(6) NOT NULL default '0',
  `tempindex` char(50) NOT NULL default '',
  `templist` char(50) NOT NULL default '',
  `temparticle` char(50) NOT NULL default '',
  `namerule` char(50) NOT NULL default '',
  `namerule2` char(50) NOT NULL default '',
  `modname` char(20) NOT NULL default '',
  `description` char(150) NOT NULL default '',
  `keywords` char(30) NOT NULL default '',
  `moresite` tinyint(1) unsigned NOT NULL default '0',
  `sitepath` char(60) NOT NULL default '',
  `siteurl` char(50) NOT NULL default '',
  `ishidden` smallint(6) NOT NULL default '0',
  `cross` tinyint(1) NOT NULL default '0',
  `crossid` text,
  `content` text,
  `smalltypes` text,
  PRIMARY KEY  (`id`),
  KEY `reid` (`reid`,`isdefault`,`channeltype`,`ispart`,`corank`,`topid`,`ishidden`),
  KEY `sortrank` (`sortrank`)
) ENGINE=MyISAM DEFAULT CHARSET={charset};
"""

# 5.7 SP2: arctype gains seotitle, archives gains voteid, dutyadmin, tackid, mtype, weight,
# addonimages gains body.
TABLES_57 = (
    TABLES_56.replace(
        "  `redirecturl` varchar(255) NOT NULL default '',\n  PRIMARY KEY  (`aid`),\n"
        "  KEY `imagesMain`",
        "  `redirecturl` varchar(255) NOT NULL default '',\n  `body` mediumtext,\n"
        "  PRIMARY KEY  (`aid`),\n  KEY `imagesMain`",
    )
    .replace(
        "  `keywords` char(30) NOT NULL default '',\n  `moresite`",
        "  `keywords` varchar(60) NOT NULL default '',\n"
        "  `seotitle` varchar(80) NOT NULL default '',\n  `moresite`",
    )
    .replace("`litpic` char(80)", "`litpic` char(100)")
    .replace(
        "  `notpost` tinyint(1) unsigned NOT NULL default '0',",
        "  `voteid` mediumint(8) NOT NULL default '0',\n"
        "  `notpost` tinyint(1) unsigned NOT NULL default '0',",
    )
    .replace(
        "  `filename` varchar(40) NOT NULL default '',\n  PRIMARY KEY  (`id`),",
        "  `filename` varchar(40) NOT NULL default '',\n"
        "  `dutyadmin` mediumint(8) unsigned NOT NULL default '0',\n"
        "  `tackid` int(10) NOT NULL default '0',\n"
        "  `mtype` mediumint(8) unsigned NOT NULL default '0',\n"
        "  `weight` int(10) NOT NULL default '0',\n  PRIMARY KEY  (`id`),",
    )
)

# 5.0 and 5.1: no `flag` set, only `iscommend` (推荐); ids spelled ID, reID.
TABLES_51 = (
    TABLES_56.replace(
        "  `flag` set('c','h','p','f','s','j','a','b') default NULL,",
        "  `iscommend` smallint(6) NOT NULL default '0',",
    )
    .replace(
        "  `id` mediumint(8) unsigned NOT NULL default '0',", "  `ID` int(11) unsigned NOT NULL,"
    )
    .replace("  `reid` smallint(5)", "  `reID` smallint(5)")
)

PUBDATE = 1672884000  # 2023-01-05 10:00 in Beijing
PIN_UNTIL = 2000000000  # 2033-05-18: DedeCMS's "sort until" time, past pubdate = pinned

# (id, reid, sortrank, typename, typedir, ispart, ishidden, description, keywords, seotitle)
COLUMNS = [
    (1, 0, 1, "新闻中心", "{cmspath}/a/news", 0, 0, "高新区新闻", "新闻,高新区", "新闻中心_高新院"),
    (2, 1, 2, "产业规划", "{cmspath}/a/news/chanyeguihua", 0, 0, "产业规划研究", "产业", ""),
    (3, 1, 1, "政策解读", "{cmspath}/a/news/zhengce", 0, 0, "", "", ""),
    (4, 2, 1, "园区规划", "{cmspath}/a/news/chanyeguihua/yuanqu", 0, 0, "", "", ""),
    (5, 0, 3, "内部资料", "{cmspath}/a/neibu", 0, 1, "", "", ""),
    (6, 0, 4, "合作网站", "http://www.example.org/", 2, 0, "", "", ""),
    (7, 0, 2, "政策汇编", "{cmspath}/a/zhengce", 0, 0, "", "", ""),
]

BODY = (
    '<p>园区协同发展。</p><script>alert("x")</script>'
    '<p><img src="/uploads/allimg/230105/chart.png" alt="图表" onerror="alert(1)"></p>'
)

MISSING_IMAGES = (
    '<p>缺图<img src="/uploads/allimg/missing.jpg"><img src="/uploads/allimg/fake.jpg"></p>'
)


def article(aid, typeid, title, **fields):
    row = {
        "id": aid, "typeid": typeid, "sortrank": PUBDATE, "flag": "", "channel": 1,
        "arcrank": 0, "click": 0, "title": title, "writer": "", "source": "", "litpic": "",
        "pubdate": PUBDATE, "senddate": PUBDATE - 3600, "keywords": "", "description": "",
        "body": f"<p>{title}的正文。</p>",
    }  # fmt: skip
    row.update(fields)
    return row


ARTICLES = [
    article(
        101, 2, "六城携手打造产业集群都市圈", flag="h,p", click=120, writer="张三",
        source="高新院", keywords="产业集群,都市圈", description="六城携手的摘要。",
        litpic="/uploads/allimg/230105/cover.jpg", body=BODY,
    ),
    article(102, 3, "政策解读：数据要素", arcrank=-1, flag="c", click=7),
    article(103, 3, "回收站里的文章", arcrank=-2),
    article(104, 2, "会员专享报告", arcrank=10, flag="f", click=3),
    article(
        105, 4, "园区规划置顶", flag="b", sortrank=PIN_UNTIL, click=55,
        body=MISSING_IMAGES,
    ),
    article(
        106, 5, "内部资料全标记", flag="c,h,f,b", click=1,
        body='<p>同一张图<img src="/uploads/allimg/230105/chart.png"></p>',
    ),
    article(107, 1, "软件：园区指南", channel=3),
    article(108, 6, "外链栏目下的文章"),
]  # fmt: skip
# Characters outside GB2312: 镕 (in GBK) and 𠮷 (outside the BMP, needs utf8mb4).
UTF8_ONLY = [article(109, 1, "朱镕基与𠮷野家", click=9)]
GBK_ONLY = [article(110, 1, "朱镕基考察园区", click=4)]


@dataclass
class DedeSite:
    server: object
    name: str
    charset: str
    prefix: str = "dede_"
    has_seotitle: bool = False
    # Old MySQL 4 sites often declared latin1 while PHP wrote GBK bytes: text is sent encoded
    # in this codec, as bytes, whatever the tables declare.
    stored_as: str | None = None

    @property
    def url(self):
        return self.server.url(self.name)

    def execute(self, sql, params=None):
        if self.stored_as and params:
            params = [p.encode(self.stored_as) if isinstance(p, str) else p for p in params]
        connection = self.server.connect(self.name, charset=self.charset)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("#@__", self.prefix), params)
        finally:
            connection.close()

    def execute_many(self, statements):
        """(sql, params) pairs on one connection."""
        connection = self.server.connect(self.name, charset=self.charset)
        try:
            with connection.cursor() as cursor:
                for sql, params in statements:
                    if self.stored_as and params:
                        params = [
                            p.encode(self.stored_as) if isinstance(p, str) else p for p in params
                        ]
                    cursor.execute(sql.replace("#@__", self.prefix), params)
        finally:
            connection.close()

    def add_column(self, row):
        self.execute_many(self.column_statements(row))

    def add_article(self, row):
        self.execute_many(self.article_statements(row))

    def column_statements(self, row):
        yield (
            "INSERT INTO #@__arctype (id, reid, sortrank, typename, typedir, ispart, ishidden,"
            " description, keywords) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            row[:9],
        )
        if self.has_seotitle:
            yield "UPDATE #@__arctype SET seotitle = %s WHERE id = %s", [row[9], row[0]]

    def article_statements(self, row):
        # The addon tables' fields; archives' the rest.
        addon = {"body", "redirecturl", "imgurls", "note"}
        fields = [name for name in row if name not in addon]
        yield (
            f"INSERT INTO #@__archives ({', '.join(fields)})"
            f" VALUES ({', '.join(['%s'] * len(fields))})",
            [row[name] for name in fields],
        )
        if row["channel"] == 2:
            yield (
                "INSERT INTO #@__addonimages (aid, typeid, imgurls) VALUES (%s, %s, %s)",
                [row["id"], row["typeid"], row["imgurls"]],
            )
            if self.has_seotitle:  # 5.7: the image set's text
                yield (
                    "UPDATE #@__addonimages SET body = %s WHERE aid = %s",
                    [row["body"], row["id"]],
                )
        if row["channel"] == -1 and "note" in row:  # a special topic (专题)
            yield (
                "INSERT INTO #@__addonspec (aid, typeid, note) VALUES (%s, %s, %s)",
                [row["id"], row["typeid"], row["note"]],
            )
        if row["channel"] == 1:
            yield (
                "INSERT INTO #@__addonarticle (aid, typeid, body, redirecturl)"
                " VALUES (%s, %s, %s, %s)",
                [row["id"], row["typeid"], row["body"], row.get("redirecturl", "")],
            )


def create_site(
    server,
    name,
    *,
    charset,
    tables,
    prefix="dede_",
    articles=ARTICLES,
    stored_as=None,
    collation=None,
):
    """A DedeCMS database; `collation` is the tables' and the database's (the character
    set's default otherwise)."""
    connection = server.connect()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        collate = f" COLLATE {collation}" if collation else ""
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET {charset}{collate}")
    connection.close()
    site = DedeSite(
        server, name, charset, prefix, has_seotitle=tables is TABLES_57, stored_as=stored_as
    )
    statements = [
        (statement, None)
        for statement in tables.format(p=prefix, charset=charset + collate).split(";")
        if statement.strip()
    ]
    for row in COLUMNS:
        statements.extend(site.column_statements(row))
    for row in articles:
        statements.extend(site.article_statements(row))
    site.execute_many(statements)
    return site
