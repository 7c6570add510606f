// Every admin page: each autocomplete (select2) is named by its field's label.
// select2 names its box by the shown choice only, which is empty until something is
// picked, and it builds the box on jQuery's ready, which may come before or after the
// page's load event. A MutationObserver names each box when select2 inserts it, so the
// name holds whatever the order, and for inline rows added later.
(function () {
  "use strict";

  function name(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    var container = select.nextElementSibling;
    var box = container && container.classList.contains("select2") && container.querySelector(".select2-selection");
    if (!label || !box) { return; }
    if (!label.id) { label.id = select.id + "_label"; }
    var shown = box.querySelector(".select2-selection__rendered");
    box.setAttribute("aria-labelledby", label.id + (shown && shown.id ? " " + shown.id : ""));
    // select2 gives the shown choice the role of a text box: it needs the name too.
    if (shown) { shown.setAttribute("aria-labelledby", label.id); }
  }

  function nameWithin(root) {
    if (root.matches && root.matches("select.admin-autocomplete")) { name(root); }
    if (root.querySelectorAll) { root.querySelectorAll("select.admin-autocomplete").forEach(name); }
  }

  function start() {
    nameWithin(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) { return; }
          if (node.classList.contains("select2") && node.previousElementSibling) {
            nameWithin(node.previousElementSibling);
          } else if (node.querySelector && node.querySelector(".select2")) {
            nameWithin(node);
          }
        });
      });
    }).observe(document.body, {childList: true, subtree: true});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
