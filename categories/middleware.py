from django.utils.functional import SimpleLazyObject

from sitecache import versions

from .tree import ColumnTree


class ColumnTreeMiddleware:
    """Give each request `request.content_versions` and `request.columns`, the column tree,
    both read on first use, at most once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.content_versions = SimpleLazyObject(versions.current)
        request.columns = SimpleLazyObject(
            lambda: ColumnTree.at_version(request.content_versions[versions.COLUMNS])
        )
        return self.get_response(request)
