// Small behaviours marked in the markup, since the CSP refuses inline handlers (onclick=…).
(function () {
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
