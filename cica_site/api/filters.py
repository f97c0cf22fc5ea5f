from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    """OrderingFilter that ends every ordering with the primary key, so pages never share or
    skip rows when the chosen field has ties."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and "pk" not in ordering and "-pk" not in ordering:
            ordering = [*ordering, "pk"]
        return ordering
