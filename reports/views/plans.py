"""The agency's plan pages: its plan deadlines, the plan for one (details, tasks, Excel import,
signed scan), sending, and the printed “KẾ HOẠCH”. Thin: scope to the user's agency, call a
service in reports/services/plans.py, show the outcome."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from portal.access import agency_member_required, require_perm
from portal.actions import perform
from portal.coordinator import current_coordinator
from portal.forms import add_service_error
from portal.history import recent_entries
from portal.responses import document_response, xlsx_response

from ..excel_plans import read_task_rows, task_template_workbook
from ..forms_plans import PlanForm, ScanForm, TaskForm, TaskImportForm
from ..models import PlanTask
from ..pdf_plans import plan_docx, plan_filename, plan_pdf, scan_file_response
from ..selectors_plans import (
    areas_of,
    ordered_tasks,
    plan_deadlines_for,
    plan_items_for,
    plan_of,
    plan_window,
    task_groups,
)
from ..services import plans as services

CANNOT_VIEW = "Bạn không có quyền xem kế hoạch."
CANNOT_EDIT = "Bạn không có quyền lập kế hoạch."


def get_deadline_for_user(user, deadline_id):
    """A plan deadline that applies to the user's agency, else 404."""
    return get_object_or_404(plan_deadlines_for(user.agency), pk=deadline_id)


def get_plan_for_user(user, deadline_id):
    """The user's own agency's plan for this deadline; 404 for anyone else's, or none yet."""
    deadline = get_deadline_for_user(user, deadline_id)
    plan = plan_of(deadline=deadline, agency=user.agency)
    if plan is None:
        raise Http404("Đơn vị chưa lập kế hoạch cho thời hạn này.")
    return plan


def get_task_for_user(user, deadline_id, task_id):
    plan = get_plan_for_user(user, deadline_id)
    task = get_object_or_404(PlanTask.objects.select_related("area"), pk=task_id, plan=plan)
    task.plan = plan
    return task


@agency_member_required
def plan_list(request):
    require_perm(request.user, "reports.view_plan", CANNOT_VIEW)
    return render(
        request, "reports/plans/list.html", {"items": plan_items_for(request.user.agency)}
    )


def _tasks_context(plan, *, task_form=None, import_form=None) -> dict:
    areas = areas_of(plan.deadline.movement)
    tasks = ordered_tasks(plan)
    return {
        "plan": plan,
        "groups": task_groups(plan, tasks),
        "task_count": len(tasks),
        "task_form": task_form or TaskForm(areas=areas),
        "import_form": import_form or TaskImportForm(),
    }


def _detail(request, deadline, plan=None, *, status=200, **forms):
    context = {
        "deadline": deadline,
        "movement": deadline.movement,
        "window": plan_window(deadline=deadline, agency=request.user.agency),
        "plan": plan,
    }
    if plan is not None:
        context.update(
            _tasks_context(
                plan, task_form=forms.get("task_form"), import_form=forms.get("import_form")
            )
        )
        context.update(
            plan_form=forms.get("plan_form") or PlanForm(instance=plan),
            scan_form=forms.get("scan_form") or ScanForm(),
            missing=services.missing_to_submit(plan),
            history=recent_entries(plan.history, 20),
        )
    return render(request, "reports/plans/detail.html", context, status=status)


@agency_member_required
def plan_detail(request, deadline_id):
    """The agency's plan for one deadline; before it is started, the button that starts it
    (looking never writes)."""
    require_perm(request.user, "reports.view_plan", CANNOT_VIEW)
    deadline = get_deadline_for_user(request.user, deadline_id)
    return _detail(request, deadline, plan_of(deadline=deadline, agency=request.user.agency))


@require_POST
@agency_member_required
def plan_start(request, deadline_id):
    require_perm(request.user, "reports.add_plan", CANNOT_EDIT)
    deadline = get_deadline_for_user(request.user, deadline_id)
    perform(
        request,
        lambda: services.start_plan(deadline=deadline, agency=request.user.agency, by=request.user),
        done="Đã bắt đầu lập kế hoạch. Hãy nhập thông tin và các nhiệm vụ.",
    )
    return redirect("reports:plan_detail", deadline_id=deadline.pk)


@require_POST
@agency_member_required
def plan_save(request, deadline_id):
    require_perm(request.user, "reports.change_plan", CANNOT_EDIT)
    plan = get_plan_for_user(request.user, deadline_id)
    form = PlanForm(request.POST, instance=plan)
    if form.is_valid():
        try:
            services.update_plan(
                plan=plan,
                by=request.user,
                **{k: form.cleaned_data[k] for k in services.PLAN_FIELDS},
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Đã lưu thông tin kế hoạch.")
            return redirect("reports:plan_detail", deadline_id=deadline_id)
    plan.refresh_from_db()
    return _detail(request, plan.deadline, plan, plan_form=form, status=400)


def _tasks_answer(request, plan, *, task_form=None, import_form=None, error=""):
    """htmx swaps the tasks section in place; without JavaScript, back to the plan page."""
    if request.htmx:
        plan.refresh_from_db()
        context = _tasks_context(plan, task_form=task_form, import_form=import_form)
        context["tasks_error"] = error
        return render(request, "reports/plans/_tasks.html", context)
    if error:
        messages.error(request, error)
    if task_form is not None and task_form.errors or import_form is not None and import_form.errors:
        plan.refresh_from_db()
        return _detail(
            request, plan.deadline, plan, task_form=task_form, import_form=import_form, status=400
        )
    return redirect(f"{plan_detail_url(plan)}#tasks")


def plan_detail_url(plan):
    return reverse("reports:plan_detail", kwargs={"deadline_id": plan.deadline_id})


@require_POST
@agency_member_required
def task_add(request, deadline_id):
    require_perm(request.user, "reports.change_plan", CANNOT_EDIT)
    plan = get_plan_for_user(request.user, deadline_id)
    form = TaskForm(request.POST, areas=areas_of(plan.deadline.movement))
    if form.is_valid():
        try:
            services.add_task(plan=plan, by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if not request.htmx:
                messages.success(request, "Đã thêm nhiệm vụ.")
            return _tasks_answer(request, plan)
    return _tasks_answer(request, plan, task_form=form)


@agency_member_required
def task_edit(request, deadline_id, task_id):
    require_perm(request.user, "reports.change_plan", CANNOT_EDIT)
    task = get_task_for_user(request.user, deadline_id, task_id)
    plan = task.plan
    if not plan.is_editable:
        messages.error(
            request, f"Kế hoạch đang ở trạng thái “{plan.get_state_display()}”, không thể sửa."
        )
        return redirect("reports:plan_detail", deadline_id=deadline_id)
    form = TaskForm(request.POST or None, instance=task, areas=areas_of(plan.deadline.movement))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task(plan_task=task, by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Đã lưu nhiệm vụ.")
            return redirect(f"{plan_detail_url(plan)}#tasks")
    return render(
        request, "reports/plans/task_form.html", {"plan": plan, "task": task, "form": form}
    )


@require_POST
@agency_member_required
def task_delete(request, deadline_id, task_id):
    require_perm(request.user, "reports.change_plan", CANNOT_EDIT)
    task = get_task_for_user(request.user, deadline_id, task_id)
    try:
        services.delete_task(plan_task=task, by=request.user)
    except ValidationError as error:
        return _tasks_answer(request, task.plan, error=" ".join(error.messages))
    return _tasks_answer(request, task.plan)


@require_POST
@agency_member_required
def task_move(request, deadline_id, task_id):
    require_perm(request.user, "reports.change_plan", CANNOT_EDIT)
    task = get_task_for_user(request.user, deadline_id, task_id)
    up = request.POST.get("huong") != "xuong"
    try:
        services.move_task(plan_task=task, by=request.user, up=up)
    except ValidationError as error:
        return _tasks_answer(request, task.plan, error=" ".join(error.messages))
    return _tasks_answer(request, task.plan)


@require_POST
@agency_member_required
def tasks_import(request, deadline_id):
    """All rows or none: every error names its Excel row and column header."""
    require_perm(request.user, "reports.change_plan", CANNOT_EDIT)
    plan = get_plan_for_user(request.user, deadline_id)
    form = TaskImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = read_task_rows(
                form.cleaned_data["workbook"], areas=areas_of(plan.deadline.movement)
            )
            created = services.import_tasks(plan=plan, by=request.user, rows=rows)
        except ValidationError as error:
            form.add_error("workbook", error.messages)
            form.add_error(None, "Không có nhiệm vụ nào được nhập. Hãy sửa tệp rồi nhập lại.")
        else:
            if not request.htmx:
                messages.success(request, f"Đã nhập {len(created)} nhiệm vụ từ tệp Excel.")
            return _tasks_answer(request, plan)
    return _tasks_answer(request, plan, import_form=form)


@agency_member_required
def task_template(request, deadline_id):
    """The workbook to fill, listing this movement's content areas."""
    require_perm(request.user, "reports.view_plan", CANNOT_VIEW)
    deadline = get_deadline_for_user(request.user, deadline_id)
    return xlsx_response(
        task_template_workbook(areas_of(deadline.movement)), "mau-nhiem-vu-ke-hoach.xlsx"
    )


@require_POST
@agency_member_required
def scan_upload(request, deadline_id):
    require_perm(request.user, "reports.change_plan", CANNOT_EDIT)
    plan = get_plan_for_user(request.user, deadline_id)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_signed_scan(
                plan=plan, by=request.user, upload=form.cleaned_data["signed_scan"]
            )
        except ValidationError as error:
            form.add_error("signed_scan", error.messages)
        else:
            messages.success(request, "Đã tải lên bản scan có chữ ký.")
            return redirect("reports:plan_detail", deadline_id=deadline_id)
    plan.refresh_from_db()
    return _detail(request, plan.deadline, plan, scan_form=form, status=400)


@agency_member_required
def scan_download(request, deadline_id):
    require_perm(request.user, "reports.view_plan", CANNOT_VIEW)
    return scan_file_response(get_plan_for_user(request.user, deadline_id))


@require_POST
@agency_member_required
def plan_submit(request, deadline_id):
    coordinator = current_coordinator()
    require_perm(
        request.user,
        "reports.submit_plan",
        f"Chỉ lãnh đạo đơn vị được gửi kế hoạch đến {coordinator.short_name}.",
    )
    plan = get_plan_for_user(request.user, deadline_id)
    perform(
        request,
        lambda: services.submit_plan(plan=plan, by=request.user),
        done=f"Đã gửi kế hoạch đến {coordinator.short_name}.",
    )
    return redirect("reports:plan_detail", deadline_id=deadline_id)


@agency_member_required
def plan_print(request, deadline_id, fmt="pdf"):
    require_perm(request.user, "reports.view_plan", CANNOT_VIEW)
    plan = get_plan_for_user(request.user, deadline_id)
    name = plan_filename(plan).removesuffix(".pdf")
    return document_response(fmt, lambda: plan_pdf(plan), lambda: plan_docx(plan), name)


PLAN = "ke-hoach/<int:deadline_id>/"
urlpatterns = [
    path("ke-hoach/", plan_list, name="plan_list"),
    path(PLAN, plan_detail, name="plan_detail"),
    path(f"{PLAN}bat-dau/", plan_start, name="plan_start"),
    path(f"{PLAN}luu/", plan_save, name="plan_save"),
    path(f"{PLAN}nhiem-vu/them/", task_add, name="plan_task_add"),
    path(f"{PLAN}nhiem-vu/<int:task_id>/", task_edit, name="plan_task_edit"),
    path(f"{PLAN}nhiem-vu/<int:task_id>/xoa/", task_delete, name="plan_task_delete"),
    path(f"{PLAN}nhiem-vu/<int:task_id>/doi-thu-tu/", task_move, name="plan_task_move"),
    path(f"{PLAN}nhap-excel/", tasks_import, name="plan_tasks_import"),
    path(f"{PLAN}mau-excel/", task_template, name="plan_task_template"),
    path(f"{PLAN}ban-ky/", scan_download, name="plan_scan"),
    path(f"{PLAN}ban-ky/tai-len/", scan_upload, name="plan_scan_upload"),
    path(f"{PLAN}gui/", plan_submit, name="plan_submit"),
    path(f"{PLAN}in/", plan_print, name="plan_print"),
    path(f"{PLAN}ke-hoach.docx", plan_print, {"fmt": "docx"}, name="plan_docx"),
]
