from rest_framework.pagination import PageNumberPagination


class PageNumberWithSize(PageNumberPagination):
    """`?page=` and `?page_size=` (up to 500); the body carries `count`, `next`, `previous`."""

    page_size_query_param = "page_size"
    max_page_size = 500
