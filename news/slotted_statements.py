"""Statements that the ORM composes once per process and shape, then filled with each use's
values.

Building and compiling a queryset costs a page more than running it when only its values
change from one page to the next (bench/README.md: the article page's link walks, the reader
lists' public lookup). The ORM composes the statement for values found nowhere else in it
(sentinels: a date long past, ids beyond any table's or below zero), and where each sentinel
lands among the statement's parameters tells which of a use's values fills it. The ORM's
statement for a second set of sentinels must be the first one filled with them: a value that
the ORM would write into the SQL, or would adapt in a way the slots do not follow, fails there.
"""

from datetime import date, datetime

from django.db import connections


class SlottedStatement:
    """A queryset's SQL as the ORM writes it, with the slot of each parameter: the index of the
    use's value that fills it, or None and the ORM's constant.

    `compose(*arguments)` builds the queryset; `sentinels(offset)` gives (arguments, values)
    for offsets 1 and 2: what compose takes, and the same as the flat list that fill() and
    rows() take, each value a sentinel of its own (a list, PostgreSQL's array, is one value)."""

    def __init__(self, using, compose, sentinels):
        self.using = using
        arguments, values = sentinels(1)
        compiler = compose(*arguments).query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        index = {}
        for position, value in enumerate(self.adapted(values)):
            index.setdefault(_hashable(value), position)
        if len(index) != len(values):
            raise AssertionError("Two sentinels of a statement are equal.")
        self.slots = [(index.get(_hashable(param)), param) for param in params]
        arguments, values = sentinels(2)
        other_sql, other_params = compose(*arguments).query.get_compiler(using=using).as_sql()
        if (other_sql, list(other_params)) != (self.sql, self.fill(values)):
            raise AssertionError(f"The statement is not filled by slots: {self.sql}")
        select = compiler.select[: compiler.col_count]
        self.width = compiler.col_count if compiler.has_extra_select else None
        self.converters = list(compiler.get_converters([column[0] for column in select]).items())
        self.klass_info = compiler.klass_info
        self.annotations = list(compiler.annotation_col_map.items())
        if self.klass_info:
            fields = self.klass_info["select_fields"]
            self.model_columns = slice(fields[0], fields[-1] + 1)
            self.init_list = [column[0].target.attname for column in select[self.model_columns]]

    def adapted(self, values):
        """The values as the ORM passes them to the database: its dates and times adapted."""
        ops = connections[self.using].ops
        return [
            ops.adapt_datetimefield_value(value)
            if isinstance(value, datetime)
            else ops.adapt_datefield_value(value)
            if isinstance(value, date)
            else value
            for value in values
        ]

    def fill(self, values):
        values = self.adapted(values)
        return [constant if slot is None else values[slot] for slot, constant in self.slots]

    def rows(self, values):
        """The statement's rows for the values, converted as the ORM converts them (SQLite's
        dates, for one)."""
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.fill(values))
            rows = cursor.fetchall()
        return converted((row[: self.width] for row in rows), self.converters, connection)

    def instances(self, values):
        """The model instances of the statement's rows for the values, as the ORM makes them
        (ModelIterable: deferred fields, annotations as attributes)."""
        model = self.klass_info["model"]
        for row in self.rows(values):
            instance = model.from_db(self.using, self.init_list, row[self.model_columns])
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            yield instance


def converted(rows, converters, connection):
    """The rows as lists, each value through its column's converters ([(position,
    (converters, expression))], from the compiler's get_converters), as the ORM converts
    them."""
    for row in rows:
        row = list(row)
        for position, (functions, expression) in converters:
            for function in functions:
                row[position] = function(row[position], expression, connection)
        yield row


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value
