"""Admin imports and exports: Excel only; all rows or none, at the preview and at the confirmation."""

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.formats.base_formats import XLSX
from import_export.forms import ImportForm, SelectableFieldsExportForm
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from tablib.formats._xlsx import safe_xlsx_sheet_title

from .excel import check_workbook_upload, excel_row, header_width, print_setup, text_cell


class ExcelImportForm(ImportForm):
    """Every admin spreadsheet upload: sized up before the workbook is opened."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_workbook_upload(upload)
        return upload


class ExcelExportForm(SelectableFieldsExportForm):
    """The columns to export named by their Vietnamese headers (the library's own label is
    the field name made English-looking: “Agency Code (Mã cơ quan)”)."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field and field.column_name else field_name


class TextXLSX(XLSX):
    """The library's Excel export, with typed text written as text: never a formula, never
    altered (its own escaping strips a leading "="). Row 1 stays the header, so the sheet
    imports back; it is bold, frozen, and printed on every page of an A4 landscape."""

    def export_data(self, dataset, **kwargs):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(safe_xlsx_sheet_title(dataset.title or "Dữ liệu"))
        for index, title in enumerate(dataset.headers or [], start=1):
            # Cells hold typed text: wider than the header alone would ask, STT aside.
            width = header_width(str(title))
            sheet.column_dimensions[get_column_letter(index)].width = (
                width if title == "STT" else max(width, 16)
            )
        print_setup(sheet, header_rows="1:1", freeze="A2")
        header = []
        for title in dataset.headers or []:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        sheet.append(header)
        for row in dataset:
            sheet.append([text_cell(sheet, value) for value in row])
        buffer = BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _column_names(resource_classes):
    """What an error is keyed by (a field, its attribute, a model field) → its sheet header."""
    columns = {}
    for resource_class in resource_classes:
        model = resource_class._meta.model
        for name, field in resource_class.fields.items():
            columns.setdefault(name, field.column_name)
            if field.attribute:
                columns.setdefault(field.attribute, field.column_name)
        for model_field in model._meta.fields if model else ():
            label = str(model_field.verbose_name)
            columns.setdefault(model_field.name, label[:1].upper() + label[1:])
    return columns


def import_error_lines(result, resource_classes):
    """Every problem of an import, as the clerk finds it in Excel: “Dòng 38, cột “Mã cơ quan”: …”
    (the row number Excel shows, the column by its header); refusals of the whole file first."""
    columns = _column_names(resource_classes)
    lines = [str(error.error) for error in result.base_errors]
    by_row = []
    for row in result.invalid_rows:
        for key, problems in row.error_dict.items():
            where = f"Dòng {excel_row(row.number)}"
            if key != NON_FIELD_ERRORS:
                where += f", cột “{columns.get(key, key)}”"
            by_row.extend((row.number, f"{where}: {problem}") for problem in problems)
    for number, errors in result.row_errors():
        by_row.extend((number, f"Dòng {excel_row(number)}: {error.error}") for error in errors)
    by_row.sort(key=lambda pair: pair[0])
    return lines + [line for _, line in by_row]


class ExcelImportExportMixin:
    """Put before ImportExportMixin: Excel only, and a row refused at confirm time undoes all.

    Between the preview and the confirmation the data can change (a clerk takes the last
    quota slot), so the confirmed import checks again and rolls back on any refused row.
    """

    import_form_class = ExcelImportForm
    export_form_class = ExcelExportForm
    import_template_name = "admin/excel_import.html"

    @property
    def formats(self):
        # Excel is what agencies and the coordinator exchange; CSV brings encoding trouble.
        return [TextXLSX]

    def get_import_form_class(self, request):
        form_class = super().get_import_form_class(request)
        # An upload that skipped check_workbook_upload could inflate to gigabytes in memory.
        if not issubclass(form_class, ExcelImportForm):
            raise ImproperlyConfigured(f"{form_class.__name__} must extend ExcelImportForm.")
        return form_class

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.setdefault("rollback_on_validation_errors", True)
        return kwargs

    def import_error_lines(self, result, request):
        return import_error_lines(result, self.get_import_resource_classes(request))

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        if result is not None:
            response.context_data["import_errors"] = self.import_error_lines(result, request)
        return response

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        for line in self.import_error_lines(result, request):
            self.message_user(request, line, messages.ERROR)
        self.message_user(
            request, "Không có dòng nào được nhập. Hãy sửa tệp và nhập lại.", messages.ERROR
        )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
