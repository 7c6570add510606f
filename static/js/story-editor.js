// The story editor (admin/articles/article/change_form.html).
// - Rows of an ordered inline (a hidden "-position" input) get ↑ ↓ buttons; the
//   positions are set from the rows' order when the form is sent.
// - Each claim's source picker lists the page's source rows, the ones typed and not
//   saved yet included ("row-<index>"): the save resolves them in the same transaction.
// Loaded in the page's head (the admin's media): it starts once the form is there.
function storyEditor() {
  "use strict";
  var form = document.getElementById("article_form");
  if (!form) { return; }
  var labels = document.getElementById("story-editor-words");
  var words = labels ? labels.dataset : {};

  function rowsOf(group) {
    return Array.prototype.filter.call(group.querySelectorAll(".inline-related"), function (row) {
      return !row.classList.contains("empty-form") && row.parentNode.closest(".inline-related") === null;
    });
  }

  function positionInput(row) {
    return row.querySelector('input[type="hidden"][name$="-position"]');
  }

  // --- ordered rows ---------------------------------------------------------
  function addMoveButtons(row) {
    if (row.classList.contains("empty-form") || row.querySelector(".row-move") || !positionInput(row)) { return; }
    var holder = document.createElement("span");
    holder.className = "row-move";
    [["up", "↑", words.up || "Move up"], ["down", "↓", words.down || "Move down"]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button row-" + spec[0];
      button.dataset.move = spec[0];
      button.textContent = spec[1];
      button.setAttribute("aria-label", spec[2]);
      holder.appendChild(button);
    });
    var head = row.querySelector(".row-head, h3");
    (head || row).appendChild(holder);
  }

  function setupOrdered(root) {
    root.querySelectorAll(".js-inline-admin-formset .inline-related").forEach(addMoveButtons);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button || !form.contains(button)) { return; }
    var row = button.closest(".inline-related");
    var rows = rowsOf(row.closest(".js-inline-admin-formset"));
    var at = rows.indexOf(row);
    if (button.dataset.move === "up" && at > 0) {
      rows[at - 1].before(row);
    } else if (button.dataset.move === "down" && at < rows.length - 1) {
      rows[at + 1].after(row);
    }
    button.focus();
    row.closest(".js-inline-admin-formset").dataset.moved = "1";
    form.dispatchEvent(new Event("change"));  // an unsaved change for the leave guard
  });

  form.addEventListener("submit", function () {
    form.querySelectorAll(".js-inline-admin-formset").forEach(function (group) {
      var rows = rowsOf(group).filter(positionInput);
      if (group.dataset.moved) {
        // Rows were moved: every row takes its place on the page.
        rows.forEach(function (row, index) { positionInput(row).value = String(index); });
        return;
      }
      // Nothing moved: saved rows keep their positions (an untouched story stays
      // unchanged) and new rows come after them, in the page's order.
      var last = -1;
      var added = [];
      rows.forEach(function (row) {
        var pk = row.querySelector('input[name$="-id"]');
        if (pk && pk.value) {
          last = Math.max(last, parseInt(positionInput(row).value, 10) || 0);
        } else {
          added.push(row);
        }
      });
      added.forEach(function (row, index) { positionInput(row).value = String(last + 1 + index); });
    });
  });

  // --- claims pick the page's sources ---------------------------------------
  var keys = 0;

  function sourceRows() {
    var group = document.getElementById("sources-group");
    if (!group) { return []; }
    return rowsOf(group).map(function (row) {
      if (!row.dataset.key) { row.dataset.key = "k" + (keys += 1); }
      var index = row.id.split("-").pop();
      var pk = row.querySelector('input[name$="-id"]');
      var title = row.querySelector('input[name$="-title"]');
      var outlet = row.querySelector('input[name$="-outlet_name"]');
      var text = [outlet ? outlet.value.trim() : "", title ? title.value.trim() : ""]
        .filter(Boolean).join(" — ");
      var saved = pk && pk.value;
      return { key: saved ? "pk" + pk.value : row.dataset.key, value: saved ? pk.value : "row-" + index, label: text };
    });
  }

  function syncPickers() {
    var rows = sourceRows();
    document.querySelectorAll('#claims-group .inline-related:not(.empty-form) div[id$="-source_refs"]').forEach(function (box) {
      var name = box.id.replace(/^id_/, "");
      var byKey = {};
      box.querySelectorAll('input[type="checkbox"]').forEach(function (input) {
        byKey[input.dataset.key || "pk" + input.value] = input;
      });
      rows.forEach(function (row) {
        var input = byKey[row.key];
        delete byKey[row.key];
        if (!row.label) {
          if (input && !input.checked) { input.closest("div").remove(); }
          return;
        }
        if (!input) {
          var line = document.createElement("div");
          var label = document.createElement("label");
          input = document.createElement("input");
          input.type = "checkbox";
          input.name = name;
          label.appendChild(input);
          label.appendChild(document.createTextNode(" "));
          line.appendChild(label);
          box.appendChild(line);
        }
        input.dataset.key = row.key;
        input.value = row.value;
        input.id = box.id + "_" + row.value;
        var holder = input.closest("label");
        holder.htmlFor = input.id;
        holder.lastChild.textContent = " " + row.label;
        box.appendChild(input.closest("div"));  // the page's order
      });
      Object.keys(byKey).forEach(function (key) {
        var input = byKey[key];
        if (input.value.indexOf("row-") === 0) { input.closest("div").remove(); }
      });
      var empty = box.parentNode.querySelector(".picker-empty");
      if (!box.querySelector("input") && !empty && words.noSources) {
        empty = document.createElement("p");
        empty.className = "help picker-empty";
        empty.textContent = words.noSources;
        box.after(empty);
      } else if (box.querySelector("input") && empty) {
        empty.remove();
      }
    });
  }

  var pending = false;
  function later() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; syncPickers(); });
  }
  form.addEventListener("input", function (event) {
    if (event.target.closest("#sources-group")) { later(); }
  });

  // --- what is still missing, as the journalist types -------------------------
  // The unsaved form goes to the checks address (a dry run of the save, rolled back);
  // the answer replaces the panel's list. One request at a time, 1.5 s after typing.
  var checks = document.querySelector(".story-checks[data-checks-url]");
  var timer = null;
  var running = false;
  var again = false;

  function showChecks(answer) {
    var list = checks.querySelector(".checks-list");
    if (!answer) { return; }
    if (answer.invalid || !answer.checks) {
      if (answer.invalid) {
        list.replaceChildren(Object.assign(document.createElement("p"), {className: "help", textContent: checks.dataset.invalid}));
      }
      return;
    }
    var parts = [];
    answer.checks.forEach(function (step) {
      parts.push(Object.assign(document.createElement("h3"), {textContent: step.title}));
      if (step.problems.length) {
        var ul = document.createElement("ul");
        ul.className = "missing";
        step.problems.forEach(function (problem) {
          ul.appendChild(Object.assign(document.createElement("li"), {textContent: problem}));
        });
        parts.push(ul);
      } else {
        parts.push(Object.assign(document.createElement("p"), {className: "ready", textContent: checks.dataset.nothing}));
      }
    });
    list.replaceChildren.apply(list, parts);
  }

  function askChecks() {
    if (running) { again = true; return; }
    running = true;
    var data = new FormData(form);
    form.querySelectorAll('input[type="file"]').forEach(function (input) { data.delete(input.name); });
    fetch(checks.dataset.checksUrl, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(showChecks)
      .catch(function () { return null; })
      .then(function () {
        running = false;
        if (again) { again = false; askChecks(); }
      });
  }

  function checkLater() {
    if (!checks) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(askChecks, 1500);
  }
  form.addEventListener("input", checkLater);
  form.addEventListener("change", checkLater);
  form.addEventListener("submit", function () { window.clearTimeout(timer); checks = null; });

  document.addEventListener("formset:added", function (event) {
    addMoveButtons(event.target);
    later();
  });
  document.addEventListener("formset:removed", function () { later(); checkLater(); });

  setupOrdered(form);
  syncPickers();
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", storyEditor);
} else {
  storyEditor();
}
