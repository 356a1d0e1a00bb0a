// Award proposal pages: nothing typed is thrown away unasked.
// Forms marked data-guard="<title>" are tracked against what was last saved. The proposal's
// sections save in place through htmx (see templates/awards/_section.html); leaving the page
// (a link, another form, closing the tab) while one holds unsaved text asks first.
(function () {
  "use strict";

  var saved = {}; // data-key -> values as last saved; null: nothing of it saved yet
  var pending = {}; // data-key -> {sent, typed}: the values posted, and those on screen at swap
  var leaving = false; // the person already answered “leave”: don't ask twice

  function guarded() {
    return Array.prototype.slice.call(document.querySelectorAll("form[data-guard]"));
  }

  function formByKey(key) {
    return guarded().filter(function (form) {
      return form.dataset.key === key;
    })[0];
  }

  function values(form) {
    var result = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit") return;
      if (field.type === "button" || field.type === "file") return;
      result[field.name] =
        field.type === "checkbox" || field.type === "radio" ? String(field.checked) : field.value;
    });
    return result;
  }

  function same(a, b) {
    if (!a || !b) return false;
    var keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every(function (name) {
      return a[name] === b[name];
    });
  }

  function isDirty(form) {
    return !same(values(form), saved[form.dataset.key]);
  }

  function refresh(form) {
    var dirty = isDirty(form);
    form.classList.toggle("dirty", dirty);
    var note = form.querySelector(".dirty-note");
    if (note) note.hidden = !dirty;
  }

  function remember(form) {
    saved[form.dataset.key] = form.dataset.unsaved ? null : values(form);
    refresh(form);
  }

  function dirtyTitles(except) {
    return guarded()
      .filter(function (form) {
        return form !== except && isDirty(form);
      })
      .map(function (form) {
        return form.dataset.guard;
      });
  }

  function question(titles) {
    return "Phần " + titles.join(", ") + " có nội dung chưa lưu. Rời trang?";
  }

  // Ask before a navigation that would drop unsaved text; true: go ahead.
  function mayLeave(except) {
    var titles = dirtyTitles(except);
    if (!titles.length || leaving) return true;
    if (!window.confirm(question(titles))) return false;
    leaving = true;
    return true;
  }

  function status(form, text) {
    var box = form.querySelector(".section-status");
    if (!box) return;
    box.textContent = text;
    box.classList.remove("ok");
    box.classList.add("error");
  }

  guarded().forEach(remember);

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.dataset.guard) refresh(form);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.dataset.guard) refresh(form);
  });

  // Links that leave the page (not “#…” anchors within it, not new tabs).
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (link.target === "_blank" || link.hasAttribute("download")) return;
    if (link.getAttribute("href").charAt(0) === "#") return;
    if (!mayLeave(null)) event.preventDefault();
  });

  // Forms that post and reload: another section's text would be lost. A section saved in
  // place by htmx has its submit event cancelled by htmx before it reaches here.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    var form = event.target;
    if (!mayLeave(form.dataset.guard ? form : null)) {
      event.preventDefault();
      return;
    }
    leaving = true; // the form's own text is being saved by this post
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving || !dirtyTitles(null).length) return undefined;
    var text = question(dirtyTitles(null));
    event.preventDefault();
    event.returnValue = text; // browsers show their own wording
    return text;
  });
  window.addEventListener("pageshow", function () {
    leaving = false;
  });

  // In-place saves (htmx).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.dataset && form.dataset.guard) {
      pending[form.dataset.key] = { sent: values(form), typed: null };
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!form || !form.dataset || !form.dataset.guard) return;
    var key = form.dataset.key;
    if (event.detail.xhr.getResponseHeader("X-Proposal-Section") !== key) {
      // Not our answer (a login page after the session expired, a server error): keep the text.
      event.detail.shouldSwap = false;
      status(
        form,
        "Chưa lưu được (mất kết nối, lỗi máy chủ hoặc hết phiên đăng nhập). " +
          "Nội dung vẫn còn trên trang; hãy thử lưu lại."
      );
      delete pending[key];
      return;
    }
    if (pending[key]) pending[key].typed = values(form);
  });

  document.addEventListener("htmx:afterSwap", function () {
    Object.keys(pending).forEach(function (key) {
      var state = pending[key];
      var form = formByKey(key);
      if (!state.typed || !form) return;
      delete pending[key];
      if (form.dataset.saved) saved[key] = values(form);
      // Text typed while the save was on its way is put back, still unsaved.
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || !(field.name in state.typed)) return;
        if (state.typed[field.name] !== state.sent[field.name]) {
          field.value = state.typed[field.name];
        }
      });
      refresh(form);
    });
  });

  function failed(event) {
    var form = event.detail.elt;
    if (form && form.dataset && form.dataset.guard) {
      delete pending[form.dataset.key];
      status(
        form,
        "Chưa lưu được (mất kết nối hoặc lỗi máy chủ). Nội dung vẫn còn trên trang; " +
          "hãy thử lưu lại."
      );
    }
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
})();
