// Small behaviours marked in the markup, since the CSP refuses inline handlers (onclick=…).
(function () {
  // The menu button (base.html): shown only once JS can open it; CSS folds the menu on phones.
  var toggle = document.querySelector(".menu-toggle");
  if (toggle) {
    var bar = toggle.closest(".topbar");
    toggle.hidden = false;
    bar.classList.add("foldable");
    toggle.addEventListener("click", function () {
      var open = bar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // <select data-autosubmit>: choosing a filter applies it at once.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches("[data-autosubmit]") && field.form) field.form.submit();
  });
  document.addEventListener("click", function (event) {
    // <button data-print>: print the page.
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    // <a data-history-back href="/">: back to the previous page, or home when there is none.
    var back = event.target.closest("[data-history-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
