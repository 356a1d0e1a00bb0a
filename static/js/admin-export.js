// The export page's "select all" box, wired here since the CSP refuses its inline onchange;
// onSelectToggleChange comes with django-import-export's export_selectable_fields.js.
document.addEventListener("change", function (event) {
  if (event.target.matches("input.select-toggle")) onSelectToggleChange(event);
});
