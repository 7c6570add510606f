// Warn before leaving a story form with unsaved changes. The workflow buttons
// belong to the same form, so what was typed is saved with the step.
(function () {
  "use strict";
  var form = document.getElementById("article_form");
  if (!form) { return; }
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
