from django.utils.functional import SimpleLazyObject

from .tree import ColumnTree


class ColumnTreeMiddleware:
    """Give each request `request.columns`, the column tree read on first use, at most once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.columns = SimpleLazyObject(ColumnTree.load)
        return self.get_response(request)
