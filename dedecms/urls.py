"""The old DedeCMS site's addresses. Included last: they only answer what nothing else does."""

from django.urls import path, re_path, register_converter

from . import views
from .converters import ColumnDirectory

register_converter(ColumnDirectory, "dedecms_column_directory")

urlpatterns = [
    path("plus/view.php", views.view_php),
    path("plus/list.php", views.list_php),
    # {typedir}/{Y}/{M}{D}/{aid}.html, with or without the /a/ prefix the default typedir has.
    re_path(r"^(?:[^/]+/)+\d{4}/\d{4}/(?P<aid>\d+)\.html$", views.static_article),
    re_path(r"^(?:[^/]+/)+list_(?P<tid>\d+)_\d+\.html$", views.static_list),
    # {typedir}/ and its index.html: /a/news/ by default, /tongzhigonggao/ for a column
    # published at the root.
    *(
        path(f"<dedecms_column_directory:slug>/{index}", views.static_column)
        for index in ("", "index.html", "index.htm")
    ),
]
