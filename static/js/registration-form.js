// Show only the carrier's own fields: a collective's name, or a person's name, position, workplace.
(function () {
  var form = document.querySelector("form.registration-form");
  if (!form) return;
  var groups = {
    collective: ["collective_name"],
    individual: ["person_name", "person_position", "person_workplace"],
  };
  function update() {
    var checked = form.querySelector("input[name=carrier]:checked");
    var carrier = checked ? checked.value : null;
    Object.keys(groups).forEach(function (kind) {
      groups[kind].forEach(function (name) {
        var box = form.querySelector(".f-" + name);
        if (box) box.hidden = carrier !== null && carrier !== kind;
      });
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "carrier") update();
  });
  update();
})();
