// Scorecard evidence: a chosen file is uploaded at once, like the points' autosave, with a
// progress bar and a message next to its input. Without JavaScript the “Lưu bản chấm điểm”
// button still sends the files with the form.
(function () {
  "use strict";
  var form = document.querySelector("form.scorecard-form");
  if (!form) return;

  function csrfToken() {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field && field.value) return field.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function showStatus(key, text, kind) {
    var status = document.getElementById("evidence-status-" + key);
    if (!status) return;
    status.textContent = text;
    status.className = "row-status evidence-status" + (kind ? " " + kind : "");
  }

  // The answer is the file's line plus the redrawn totals, state and missing list: each
  // element replaces the page's element with the same id.
  function swapIn(html, key) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    if (!doc.getElementById("evidence-status-" + key)) return false;
    Array.prototype.forEach.call(doc.body.children, function (node) {
      var current = node.id && document.getElementById(node.id);
      if (current) current.replaceWith(document.importNode(node, true));
    });
    return true;
  }

  function upload(input) {
    var file = input.files && input.files[0];
    if (!file) return;
    var key = input.getAttribute("data-criterion");
    var progress = document.getElementById("evidence-progress-" + key);
    var keepForSave =
      "Chưa tải lên được tệp “" + file.name + "”. Tệp sẽ được gửi khi bấm “Lưu bản chấm điểm”.";
    var data = new FormData();
    data.append(input.name, file);

    var xhr = new XMLHttpRequest();
    xhr.open("POST", input.getAttribute("data-upload-url"));
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (event) {
      if (progress && event.lengthComputable) {
        progress.value = Math.round((100 * event.loaded) / event.total);
      }
    });
    xhr.addEventListener("load", function () {
      if (progress) progress.hidden = true;
      if ((xhr.status === 200 || xhr.status === 400) && swapIn(xhr.responseText, key)) {
        // Stored, or refused for a reason sending it again would not change.
        input.value = "";
      } else if (xhr.status === 403) {
        showStatus(key, "Bạn không có quyền tải lên minh chứng cho bản chấm điểm này.", "error");
      } else {
        showStatus(key, keepForSave, "error");
      }
    });
    xhr.addEventListener("error", function () {
      if (progress) progress.hidden = true;
      showStatus(key, keepForSave, "error");
    });

    if (progress) {
      progress.value = 0;
      progress.hidden = false;
    }
    showStatus(key, "Đang tải lên: " + file.name + "…", "");
    xhr.send(data);
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-upload-url]")) upload(input);
  });
})();
