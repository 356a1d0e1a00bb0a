"""The consolidated list of registered models, to and from Excel.

Columns follow a provincial consolidated list: number, agency, collective/individual, model,
who carries it, field, then the registration form's content. Imports go through the same
services as the browser (create, then submit), so quota and deadline hold for every door.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import fields, widgets

from movements.models import Field as ActivityField
from portal.import_widgets import (
    ByCodeWidget,
    ByNameWidget,
    LabelChoiceWidget,
    VietnameseDateWidget,
)
from portal.models import Agency
from portal.resources import ModelResource

from . import services
from .models import Carrier, Registration
from .services import DESCRIPTION_FIELDS, IDENTITY_FIELDS


def _text(attribute, column):
    # An empty cell is an empty text, never NULL (the columns are NOT NULL).
    return fields.Field(
        attribute=attribute, column_name=column, widget=widgets.CharWidget(allow_blank=True)
    )


class RegistrationResource(ModelResource):
    sheet_title = "Danh sách mô hình đăng ký"
    number = fields.Field(column_name="STT", readonly=True)
    agency_code = fields.Field(
        attribute="agency",
        column_name="Mã cơ quan",
        widget=ByCodeWidget(Agency, what="cơ quan"),
    )
    agency_name = fields.Field(column_name="Cơ quan, đơn vị", readonly=True)
    carrier = fields.Field(
        attribute="carrier",
        column_name="Tập thể/Cá nhân",
        widget=LabelChoiceWidget(Carrier.choices, what="Loại mô hình"),
    )
    name = _text("name", "Tên mô hình")
    collective_name = _text("collective_name", "Tên tập thể")
    person_name = _text("person_name", "Họ và tên cá nhân")
    person_position = _text("person_position", "Chức vụ")
    person_workplace = _text("person_workplace", "Đơn vị công tác")
    field = fields.Field(
        attribute="field",
        column_name="Lĩnh vực",
        widget=ByNameWidget(ActivityField, field="name", what="lĩnh vực"),
    )
    situation = _text("situation", "Thực trạng và lý do chọn mô hình")
    goals = _text("goals", "Mục tiêu")
    content = _text("content", "Nội dung, cách thức thực hiện")
    scope = _text("scope", "Phạm vi, đối tượng thụ hưởng")
    resources_ = _text("resources", "Lực lượng tham gia, nguồn lực")
    starts_on = fields.Field(
        attribute="starts_on",
        column_name="Thời gian bắt đầu",
        widget=VietnameseDateWidget(what="Thời gian bắt đầu"),
    )
    ends_on = fields.Field(
        attribute="ends_on",
        column_name="Thời gian kết thúc",
        widget=VietnameseDateWidget(what="Thời gian kết thúc"),
    )
    expected_outputs = _text("expected_outputs", "Kết quả, sản phẩm dự kiến")
    replicability = _text("replicability", "Khả năng nhân rộng")
    contact = _text("contact", "Người liên hệ, điện thoại")
    state = fields.Field(column_name="Trạng thái", readonly=True)
    movement_title = fields.Field(column_name="Phong trào", readonly=True)

    class Meta:
        model = Registration
        # The columns follow the registration form; “resources” is named apart from the
        # resource class's own attribute.
        fields = (
            "number",
            "agency_code",
            "agency_name",
            *IDENTITY_FIELDS,
            *(name if name != "resources" else "resources_" for name in DESCRIPTION_FIELDS),
            "state",
            "movement_title",
        )
        export_order = fields
        import_id_fields = ("name",)
        use_bulk = False

    def __init__(self, movement=None, **kwargs):
        super().__init__(**kwargs)
        self.movement = movement

    # Export
    def before_export(self, queryset, **kwargs):
        self._number = 0

    def dehydrate_number(self, obj):
        self._number = getattr(self, "_number", 0) + 1
        return self._number

    def dehydrate_agency_name(self, obj):
        return obj.agency.name

    def dehydrate_state(self, obj):
        return obj.get_state_display()

    def dehydrate_movement_title(self, obj):
        return obj.movement.title

    # Import: every row is a new registration, created and submitted through the services.
    def get_instance(self, instance_loader, row):
        return None

    def save_instance(self, instance, is_create, row, **kwargs):
        if self.movement is None:
            raise ValidationError("Chưa chọn phong trào để nhập danh sách.")
        user = kwargs.get("user")
        content = {name: getattr(instance, name) for name in services.CONTENT_FIELDS}
        with transaction.atomic():
            created = services.create_registration(
                movement=self.movement, agency=instance.agency, by=user, **content
            )
            services.submit_registration(registration=created, by=user)
        instance.pk = created.pk
        instance.state = created.state
