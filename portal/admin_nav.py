"""The admin's navigation sidebar, written in Python: byte for byte what Django's app_list.html
draws for it (the sidebar passes show_changelinks=False), on every admin page, without the
template engine walking 40 models' worth of tags (a sixth of a list page's time)."""

from urllib.parse import quote

from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext


def _within(url, path) -> bool:
    # The template's `url in path`: a missing URL is never in it, as the template finds.
    try:
        return url in path
    except TypeError:
        return False


def _model(app_label, model, path) -> str:
    name = esc(model["object_name"].lower())
    row_id = f"{esc(app_label)}-{name}"
    admin_url = model.get("admin_url")
    current = _within(admin_url, path)
    if admin_url:
        aria = ' aria-current="page"' if current else ""
        label = f'\n                  <a href="{esc(admin_url)}"{aria}>{esc(model["name"])}</a>\n'
    else:
        label = f"\n                  {esc(model['name'])}\n"
    add_url = model.get("add_url")
    if add_url:
        add = (
            f'\n                <td><a href="{esc(add_url)}" class="addlink" '
            f'aria-describedby="{row_id}">{gettext("Add")}</a></td>\n'
        )
    else:
        add = "\n                <td></td>\n"
    return (
        "\n          \n"
        f'            <tr class="model-{name}{" current-model" if current else ""}">\n'
        f'              <th scope="row" id="{row_id}">\n'
        f"                {label}                \n"
        "              </th>\n\n"
        f"              {add}              \n\n"
        "              \n"
        "            </tr>\n"
        "          \n"
        "        "
    )


def _app(app, path) -> str:
    label = app["app_label"]
    title = gettext("Models in the %(name)s application") % {"name": esc(app["name"])}
    models = "".join(_model(label, model, path) for model in app["models"])
    return (
        f'\n    <div class="app-{esc(label)} module'
        f'{" current-app" if _within(app["app_url"], path) else ""}">\n'
        "      <table>\n"
        "        <caption>\n"
        f'          <a href="{esc(app["app_url"])}" class="section" title="{title}">'
        f"{esc(app['name'])}</a>\n"
        "        </caption>\n"
        '        <thead class="visually-hidden">\n'
        "          <tr>\n"
        f'            <th scope="col">{gettext("Model name")}</th>\n'
        f'            <th scope="col">{gettext("Add link")}</th>\n'
        f'            <th scope="col">{gettext("Change or view list link")}</th>\n'
        "          </tr>\n"
        "        </thead>\n"
        f"        {models}\n"
        "      </table>\n"
        "    </div>\n"
        "  "
    )


def sidebar_app_list(app_list, request_path):
    """What ``{% include 'admin/app_list.html' with app_list=… show_changelinks=False %}``
    writes, for the sidebar of the page at ``request_path``."""
    path = quote(request_path)
    if not app_list:
        no_apps = gettext("You don’t have permission to view or edit anything.")
        return mark_safe(f"\n\n\n  <p>{no_apps}</p>\n\n")
    apps = "".join(_app(app, path) for app in app_list)
    return mark_safe(f"\n\n\n  {apps}\n\n")
