// The work pages' small enhancements; every page works without this file.
(function () {
  // Common phrases go into the opinion box.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-phrase]");
    if (!b) return;
    var box = b.closest("form").querySelector("textarea[name=opinion]");
    if (!box) return;
    var p = b.getAttribute("data-phrase");
    box.value = box.value.trim() === "" ? p : box.value.replace(/\s*$/, "") + p;
    box.focus();
  });

  // People pickers get a filter box.
  document.querySelectorAll("[data-people]").forEach(function (picker) {
    var input = picker.querySelector(".people-filter");
    if (!input) return;
    input.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim();
      picker.querySelectorAll(".people-unit").forEach(function (unit) {
        var any = false;
        unit.querySelectorAll(".check").forEach(function (c) {
          var show = q === "" || c.getAttribute("data-name").indexOf(q) >= 0 || unit.querySelector("legend").textContent.indexOf(q) >= 0;
          c.hidden = !show;
          any = any || show;
        });
        unit.hidden = !any;
      });
    });
  });

  // The process list filters as one types.
  document.querySelectorAll("[data-filter]").forEach(function (input) {
    var items = document.querySelectorAll(input.getAttribute("data-filter"));
    input.addEventListener("input", function () {
      var q = input.value.trim();
      items.forEach(function (el) { el.hidden = q !== "" && el.getAttribute("data-text").indexOf(q) < 0; });
    });
  });

  // A form is sent once: a second click while the page loads does nothing.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.dataset.sent) { e.preventDefault(); return; }
    if (f.method.toLowerCase() === "post") f.dataset.sent = "1";
  });
})();
