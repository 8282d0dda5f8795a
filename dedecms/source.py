"""Reading a DedeCMS 5.x database (MySQL or MariaDB) with PyMySQL.

Columns are selected by name, so the extra columns of other DedeCMS versions do no harm; a
column some versions lack (arctype.seotitle) is asked for only when the table has it. Text
arrives as the bytes stored, in the tables' own character set, and is decoded here, so that
a byte sequence that is not valid in that set is caught with the row's id instead of being
turned into question marks by the server.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

# MySQL's character sets and the Python codecs that read them. MySQL's gbk is Microsoft's
# code page 936, which Python's gbk follows; gb2312 tables are read as gbk, its superset.
CODECS = {
    "gbk": "gbk",
    "gb2312": "gbk",
    "gb18030": "gb18030",
    "utf8": "utf-8",
    "utf8mb3": "utf-8",
    "utf8mb4": "utf-8",
    "big5": "big5",
    "latin1": "cp1252",
}

ARTICLE, IMAGE_SET = 1, 2  # archives.channel of the documents imported
SPECIAL_TOPIC = -1  # 专题, imported as topics (dedecms.topics)

COLUMN_FIELDS = (
    "id", "reid", "sortrank", "typename", "typedir", "ispart", "ishidden",
    "description", "keywords",
)  # fmt: skip
ARTICLE_FIELDS = (
    "id", "typeid", "sortrank", "flag", "arcrank", "click", "title", "shorttitle", "writer",
    "source", "litpic", "pubdate", "senddate", "keywords", "description",
)  # fmt: skip
TOPIC_FIELDS = (
    "id", "typeid", "arcrank", "title", "litpic", "pubdate", "senddate", "description", "keywords",
)  # fmt: skip
TEXT_FIELDS = {
    "typename", "typedir", "description", "keywords", "seotitle", "flag", "title", "shorttitle",
    "writer", "source", "litpic", "body", "redirecturl", "imgurls", "note",
}  # fmt: skip


class SourceError(Exception):
    """The database cannot be read as a DedeCMS site."""


class UndecodableRow(Exception):
    def __init__(self, field, error):
        self.field, self.error = field, error
        bad = error.object[error.start : error.end]
        super().__init__(f"{field}: the bytes {bad!r} are not valid {error.encoding}")


@dataclass
class Connection:
    """Where the DedeCMS database is, from mysql://user:password@host:port/name."""

    host: str
    port: int
    user: str
    password: str
    database: str

    @classmethod
    def from_url(cls, url):
        parts = urlsplit(url)
        if parts.fragment or "#" in url:
            # The rest of the URL after a "#" would be dropped silently: a password cut short.
            raise SourceError(
                "the database URL holds a '#': percent-encode it (# is %23, @ is %40, / is %2F,"
                " : is %3A) in the user name and password"
            )
        if parts.scheme not in {"mysql", "mariadb"} or not parts.path.strip("/"):
            raise SourceError(
                f"{url!r} is not a database URL like mysql://user:password@host:3306/dedecms"
            )
        try:
            port = parts.port or 3306
        except ValueError as error:
            raise SourceError(f"bad port in {url!r}") from error
        unknown = parse_qs(parts.query)
        if unknown:
            raise SourceError(f"unknown option(s) in the URL: {', '.join(unknown)}")
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=port,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
            database=unquote(parts.path.strip("/")),
        )


class DedeSource:
    """One DedeCMS database: its columns, its articles (streamed), its other channels."""

    def __init__(self, connection, prefix="dede_", charset=None):
        try:
            import pymysql
        except ImportError as error:  # an optional extra
            raise SourceError("PyMySQL is not installed: pip install -e '.[dedecms]'") from error
        self._pymysql = pymysql
        self.prefix = prefix
        try:
            self._db = pymysql.connect(
                host=connection.host,
                port=connection.port,
                user=connection.user,
                password=connection.password,
                database=connection.database,
                charset="utf8mb4",
                use_unicode=False,
                connect_timeout=10,
            )
        except pymysql.MySQLError as error:
            raise SourceError(f"cannot connect to {connection.database}: {error}") from error
        self.tables = self._table_charsets()
        self._fields = {}
        for table in ("arctype", "archives", "addonarticle"):
            if self.table(table) not in self.tables:
                raise SourceError(
                    f"no table {self.table(table)} in {connection.database} (is --prefix right?)"
                )
        # Before anything is written: a schema this command cannot read is said in one line.
        self._check_fields()
        self.flag_field = self._flag_field()
        declared = self.tables[self.table("archives")]
        # What the bytes are: the declared set, unless told otherwise (a site whose tables
        # say latin1 while holding GBK, as many MySQL 4 era sites do).
        self.charset = charset or declared
        for name in (declared, self.charset):
            if name not in CODECS:
                raise SourceError(f"character set {name} is not supported")
        self.codec = CODECS[self.charset]
        # Results come in the declared set, so the server converts nothing.
        self._db.set_character_set("utf8" if declared == "utf8mb3" else declared)

    def table(self, name):
        return f"{self.prefix}{name}"

    def close(self):
        self._db.close()

    def _table_charsets(self):
        # MariaDB 10.10+ names its shared collations without the character set in
        # collation_name ("uca1400_ai_ci"), and with it in full_collation_name, which is what
        # a table's collation says ("utf8mb4_uca1400_ai_ci").
        with self._db.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_schema ="
                " 'information_schema' AND table_name = 'COLLATION_CHARACTER_SET_APPLICABILITY'"
                " AND column_name = 'FULL_COLLATION_NAME'"
            )
            name = "full_collation_name" if cursor.fetchone() else "collation_name"
            cursor.execute(
                "SELECT t.table_name, c.character_set_name FROM information_schema.tables t"
                " JOIN information_schema.collation_character_set_applicability c"
                f" ON c.{name} = t.table_collation WHERE t.table_schema = DATABASE()"
            )
            return {name.decode(): charset.decode() for name, charset in cursor.fetchall()}

    def _fields_of(self, table):
        """The names of a table's columns, lower-cased (DedeCMS 5.1 spells its ids ID)."""
        if table not in self._fields:
            with self._db.cursor() as cursor:
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = DATABASE() AND table_name = %s",
                    [self.table(table)],
                )
                self._fields[table] = {name.decode().lower() for (name,) in cursor.fetchall()}
        return self._fields[table]

    def _check_fields(self):
        needed = {
            "arctype": COLUMN_FIELDS,
            "archives": ("channel", *(f for f in ARTICLE_FIELDS if f != "flag")),
            "addonarticle": ("aid", "body"),
        }
        for table, names in needed.items():
            missing = [name for name in names if not self._has_column(table, name)]
            if missing:
                raise SourceError(
                    f"{self.table(table)} has no {', '.join(missing)}: not a DedeCMS 5.x schema"
                    " this command can read"
                )

    def _has_column(self, table, column):
        return column in self._fields_of(table)

    def _flag_field(self):
        """DedeCMS 5.3 and later mark articles with `flag`; 5.0 and 5.1 had only
        `iscommend` (推荐), read as the flag c. Any other schema is refused by name."""
        if self._has_column("archives", "flag"):
            return "a.`flag`"
        if self._has_column("archives", "iscommend"):
            return "IF(a.`iscommend` <> 0, 'c', '')"
        raise SourceError(
            f"{self.table('archives')} has neither flag (DedeCMS 5.3 and later) nor iscommend"
            " (DedeCMS 5.0, 5.1): not a DedeCMS 5.x database this command can read"
        )

    def decode(self, names, values):
        """A row as a dict of Python values; raises UndecodableRow naming the field."""
        row = {}
        for name, value in zip(names, values, strict=True):
            if isinstance(value, bytes) and name in TEXT_FIELDS:
                try:
                    value = value.decode(self.codec)
                except UnicodeDecodeError as error:
                    raise UndecodableRow(name, error) from error
            row[name] = value
        return row

    def columns(self):
        """Every row of arctype: (names, raw values) pairs, decoded by the caller."""
        fields = list(COLUMN_FIELDS)
        if self._has_column("arctype", "seotitle"):
            fields.append("seotitle")
        with self._db.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(f'`{f}`' for f in fields)} FROM `{self.table('arctype')}`"
                " ORDER BY reid, sortrank, id"
            )
            return fields, cursor.fetchall()

    @property
    def channels(self):
        """The channels imported: articles, and image sets (图集) where the site has their
        table."""
        return (ARTICLE, IMAGE_SET) if self._has_column("addonimages", "imgurls") else (ARTICLE,)

    def _in_channels(self, alias=""):
        return f"{alias}channel IN ({', '.join(str(c) for c in self.channels)})"

    def article_count(self):
        with self._db.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM `{self.table('archives')}` WHERE {self._in_channels()}"
            )
            return cursor.fetchone()[0]

    def other_channels(self):
        """{channel id: number of documents} for everything that is not imported."""
        topics = f" AND channel <> {SPECIAL_TOPIC}" if self.has_special_topics else ""
        with self._db.cursor() as cursor:
            cursor.execute(
                f"SELECT channel, COUNT(*) FROM `{self.table('archives')}`"
                f" WHERE NOT {self._in_channels()}{topics} GROUP BY channel ORDER BY channel"
            )
            return dict(cursor.fetchall())

    def _addon(self, column, default="NULL"):
        """A column of each row's own addon table: addonarticle's for an article,
        addonimages' for an image set; `default` where that table has no such column."""

        def of(alias, table):
            return f"{alias}.`{column}`" if self._has_column(table, column) else default

        if IMAGE_SET not in self.channels:
            return of("b", "addonarticle")
        return (
            f"CASE a.channel WHEN {IMAGE_SET} THEN {of('i', 'addonimages')}"
            f" ELSE {of('b', 'addonarticle')} END"
        )

    def _article_fields(self):
        # A jump link's address is in the addon tables since DedeCMS 5.3, in archives before.
        old_redirect = "a.`redirecturl`" if self._has_column("archives", "redirecturl") else "''"
        images = IMAGE_SET in self.channels
        return {
            **{f: self.flag_field if f == "flag" else f"a.`{f}`" for f in ARTICLE_FIELDS},
            "channel": "a.`channel`",
            "body": self._addon("body"),
            "has_addon_row": f"{self._addon('aid')} IS NOT NULL",
            "redirecturl": self._addon("redirecturl", default=old_redirect),
            "imgurls": "i.`imgurls`" if images else "NULL",
        }

    def articles(self):
        """The article headers joined with their bodies, streamed in id order by a
        server-side cursor: memory stays flat whatever the number of articles.

        Yields (names, raw values); the stream must be read to its end before another query.
        """
        fields = self._article_fields()
        names = list(fields)
        images = (
            f" LEFT JOIN `{self.table('addonimages')}` i ON i.aid = a.id"
            if IMAGE_SET in self.channels
            else ""
        )
        cursor = self._db.cursor(self._pymysql.cursors.SSCursor)
        try:
            cursor.execute(
                f"SELECT {', '.join(fields.values())} FROM `{self.table('archives')}` a"
                f" LEFT JOIN `{self.table('addonarticle')}` b ON b.aid = a.id{images}"
                f" WHERE {self._in_channels('a.')} ORDER BY a.id"
            )
            for values in cursor:
                yield names, values
        finally:
            cursor.close()

    @property
    def has_special_topics(self):
        return self._has_column("addonspec", "note")

    def special_topics(self):
        """Every 专题 (channel -1) with its sections (addonspec.note), in id order: (names,
        raw values) pairs, decoded by the caller."""
        fields = {
            **{f: f"a.`{f}`" for f in TOPIC_FIELDS},
            "note": "s.`note`",
            "has_addon_row": "s.aid IS NOT NULL",
        }
        with self._db.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(fields.values())} FROM `{self.table('archives')}` a"
                f" LEFT JOIN `{self.table('addonspec')}` s ON s.aid = a.id"
                f" WHERE a.channel = {SPECIAL_TOPIC} ORDER BY a.id"
            )
            return list(fields), cursor.fetchall()
