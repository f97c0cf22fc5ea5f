from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PageNumberWithSize(PageNumberPagination):
    """`?page=` and `?page_size=` (1 to 500); the body carries `count`, `next`, `previous`.

    A page size that is not a whole number from 1 to 500 is refused (400), not silently
    replaced by the default: a client must not read 50 rows believing it asked for 5000.
    """

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        field = serializers.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return field.run_validation(raw)
        except ValidationError as error:
            raise ValidationError({self.page_size_query_param: error.detail}) from error

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
                parameter["description"] = str(_("Rows per page, from 1 to 500 (default 50)."))
            elif parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
