"""An aggregate the ORM lacks on both databases the project runs on."""

from django.db import models


class JSONList(models.Aggregate):
    """Rows gathered into one JSON array (SQLite's json_group_array, PostgreSQL's jsonb_agg):
    lets a page read a few related rows with its main row instead of in a query of their own."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)
