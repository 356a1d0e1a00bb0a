"""Admin imports and exports: Excel only; all rows or none, at the preview and at the confirmation."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.formats.base_formats import XLSX


class ExcelImportExportMixin:
    """Put before ImportExportMixin: Excel only, and a row refused at confirm time undoes all.

    Between the preview and the confirmation the data can change (a clerk takes the last
    quota slot), so the confirmed import checks again and rolls back on any refused row.
    """

    @property
    def formats(self):
        # Excel is what agencies and Sở Nội vụ exchange; CSV brings encoding trouble.
        return [XLSX]

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.setdefault("rollback_on_validation_errors", True)
        return kwargs

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        # Refusals of the whole file (a frozen criteria set, wrong sums) belong to no row.
        for error in result.base_errors:
            self.message_user(request, str(error.error), messages.ERROR)
        for row in result.invalid_rows:
            problems = " ".join(m for msgs in row.error_dict.values() for m in msgs)
            self.message_user(request, f"Dòng {row.number}: {problems}", messages.ERROR)
        for line, errors in result.row_errors():
            for error in errors:
                self.message_user(request, f"Dòng {line}: {error.error}", messages.ERROR)
        self.message_user(
            request, "Không có dòng nào được nhập. Hãy sửa tệp và nhập lại.", messages.ERROR
        )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
