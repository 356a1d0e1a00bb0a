"""The admin's navigation sidebar, written in Python: byte for byte what Django's app_list.html
draws for it (the sidebar passes show_changelinks=False), on every admin page, without the
template engine walking 40 models' worth of tags (a sixth of a list page's time)."""

from urllib.parse import quote

from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

# Sidebars written, by the models listed and which is current: a few per role and page kind.
_written: dict[tuple, str] = {}
_KEPT = 512


def _within(url, path) -> bool:
    # The template's `url in path`: a missing URL is never in it, as the template finds.
    try:
        return url in path
    except TypeError:
        return False


def _model(app_label, model, current) -> str:
    name = esc(model["object_name"].lower())
    row_id = f"{esc(app_label)}-{name}"
    admin_url = model.get("admin_url")
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


def _app(app, current, models_current) -> str:
    label = app["app_label"]
    title = gettext("Models in the %(name)s application") % {"name": esc(app["name"])}
    models = "".join(
        _model(label, model, here)
        for model, here in zip(app["models"], models_current, strict=True)
    )
    return (
        f'\n    <div class="app-{esc(label)} module'
        f'{" current-app" if current else ""}">\n'
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
    # Which app and model the page is in, then the same sidebar written once for all its pages.
    current = [
        (
            _within(app["app_url"], path),
            tuple(_within(model.get("admin_url"), path) for model in app["models"]),
        )
        for app in app_list
    ]
    key = (
        get_language(),
        tuple(
            (
                app["app_label"],
                app["app_url"],
                str(app["name"]),
                here,
                tuple(
                    (m["object_name"], str(m["name"]), m.get("admin_url"), m.get("add_url"))
                    for m in app["models"]
                ),
                models_here,
            )
            for app, (here, models_here) in zip(app_list, current, strict=True)
        ),
    )
    written = _written.get(key)
    if written is None:
        if len(_written) >= _KEPT:
            _written.clear()
        apps = "".join(
            _app(app, here, models_here)
            for app, (here, models_here) in zip(app_list, current, strict=True)
        )
        written = _written[key] = mark_safe(f"\n\n\n  {apps}\n\n")
    return written
