// Warn before leaving a story form with unsaved changes. The workflow buttons
// belong to the same form, so what was typed is saved with the step; any other
// way out (a link, another form such as "Discard these changes", closing the tab)
// asks first. A page shown again after a refused save holds typed text that is not
// saved: it starts as changed. Text restored from an autosave counts as changed too
// (js/autosave.js sends an input event).
(function () {
  "use strict";
  // Loaded in the page's <head> (the admin's form media): wait for the form.
  function start() {
    var form = document.getElementById("article_form");
    if (!form) { return; }
    var dirty = !!form.querySelector(".errornote, .errorlist");
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
