// Autosave of the story form (articles/autosave.py): what is typed is sent to the
// server every few seconds while it changes and whenever a field loses focus, and
// offered back when the story is opened again. It never saves the story: restoring
// fills the form, and the journalist saves it as usual (with the version check).
// Every string comes from the #autosave element's data- attributes (translated there).
(function () {
  "use strict";
  // Loaded in the page's <head> (the admin's form media): wait for the form.
  function start() {
    var box = document.getElementById("autosave");
    var form = box && box.closest("form");
    if (!form) { return; }
    var url = box.dataset.url;
    var article = box.dataset.article;
    var tokenInput = box.querySelector("input[name=_autosave_token]");
    var status = box.querySelector(".autosave-status");
    var offer = box.querySelector(".autosave-offer");
    var SKIPPED = ["csrfmiddlewaretoken", "_autosave_token", "_transition", "_save",
      "_continue", "_addanother", "_saveasnew"];
    var changed = false, sending = false, again = false, stopped = false, lastSent = null;

    function csrfToken() {
      var field = form.querySelector("input[name=csrfmiddlewaretoken]");
      return field ? field.value : "";
    }

    function target(params) {
      if (article) { params.append("article", article); }
      else if (tokenInput) { params.append("token", tokenInput.value); }
      return params;
    }

    function say(text) { status.textContent = text || ""; }
    // "changed", "saving", "kept" or "failed": for styles and tests.
    function state(name) { box.dataset.state = name; }

    // The form as the browser would post it, plus the names of chosen options.
    function serialise() {
      var fields = [], labels = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        var name = el.name;
        if (!name || el.disabled || SKIPPED.indexOf(name) !== -1 || name.indexOf("__prefix__") !== -1) { return; }
        var type = (el.type || "").toLowerCase();
        if (["file", "submit", "button", "image", "reset"].indexOf(type) !== -1) { return; }
        if ((type === "checkbox" || type === "radio") && !el.checked) { return; }
        if (el.tagName === "SELECT") {
          Array.prototype.forEach.call(el.selectedOptions, function (option) {
            fields.push([name, option.value]);
            labels[name] = labels[name] || {};
            labels[name][option.value] = option.textContent;
          });
          return;
        }
        fields.push([name, el.value]);
      });
      return JSON.stringify({ fields: fields, labels: labels });
    }

    function send() {
      if (stopped || !changed) { return; }
      if (sending) { again = true; return; }
      var current = serialise();
      if (current === lastSent) { changed = false; state("kept"); return; }
      sending = true;
      changed = false;
      state("saving");
      var body = target(new URLSearchParams());
      body.append("form", current);
      fetch(url, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() }, body: body
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.ok) {
            lastSent = current;
            say(data.message);
            state(changed ? "changed" : "kept");
          } else {
            changed = true;
            state("failed");
            say(data.error || box.dataset.failedLabel);
            // Not theirs to keep any more (the story moved on): stop asking.
            if (response.status === 403 || response.status === 404) { stopped = true; }
          }
        });
      }).catch(function () {
        changed = true;
        state("failed");
        say(box.dataset.failedLabel);
      }).then(function () {
        sending = false;
        // A field left while the previous state was on its way.
        if (again) { again = false; send(); }
      });
    }

    function markChanged() { changed = true; state("changed"); }
    form.addEventListener("input", markChanged);
    form.addEventListener("change", markChanged);
    form.addEventListener("focusout", function () { window.setTimeout(send, 0); });
    form.addEventListener("submit", function () { stopped = true; });
    window.setInterval(send, Math.max(5, parseInt(box.dataset.interval, 10) || 20) * 1000);

    // --- restoring ------------------------------------------------------------

    function addInlineRows(values) {
      Object.keys(values).forEach(function (name) {
        var match = /^(.*)-TOTAL_FORMS$/.exec(name);
        var counter = form.elements.namedItem(name);
        if (!match || !counter) { return; }
        var missing = parseInt(values[name][0], 10) - parseInt(counter.value, 10);
        var add = document.querySelector("#" + CSS.escape(match[1]) + "-group .add-row a");
        for (var i = 0; i < missing && add; i++) { add.click(); }
      });
    }

    function fill(saved) {
      var values = {}, seen = {};
      saved.fields.forEach(function (pair) {
        (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
      });
      addInlineRows(values);
      Array.prototype.forEach.call(form.elements, function (el) {
        var name = el.name;
        if (!name || SKIPPED.indexOf(name) !== -1 || /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) { return; }
        var type = (el.type || "").toLowerCase();
        if (["file", "submit", "button", "image", "reset"].indexOf(type) !== -1) { return; }
        var list = values[name];
        if (type === "checkbox" || type === "radio") {
          el.checked = !!list && list.indexOf(el.value) !== -1;
        } else if (el.tagName === "SELECT") {
          if (!list) { return; }
          var names = (saved.labels || {})[name] || {};
          list.forEach(function (value) {
            var exists = Array.prototype.some.call(el.options, function (o) { return o.value === value; });
            if (!exists) { el.add(new Option(names[value] || value, value)); }
          });
          Array.prototype.forEach.call(el.options, function (option) {
            option.selected = list.indexOf(option.value) !== -1;
          });
          if (window.django && window.django.jQuery) { window.django.jQuery(el).trigger("change"); }
        } else if (list) {
          var index = seen[name] || 0;
          if (index < list.length) { el.value = list[index]; }
          seen[name] = index + 1;
        }
      });
    }

    function closeOffer(message) {
      offer.remove();
      say(message);
    }

    if (offer) {
      offer.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-autosave]");
        if (!button) { return; }
        var query = article ? "article=" + encodeURIComponent(article)
          : "token=" + encodeURIComponent(offer.dataset.token);
        if (button.dataset.autosave === "restore") {
          fetch(url + "?" + query, { credentials: "same-origin" }).then(function (response) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return response.json();
          }).then(function (saved) {
            // From now on this page continues that autosave (and its save discards it).
            if (!article && tokenInput) { tokenInput.value = saved.token; }
            fill(saved);
            // Unsaved (the guard warns before leaving), but already kept on the server.
            form.dispatchEvent(new Event("input", { bubbles: true }));
            changed = false;
            state("kept");
            closeOffer(box.dataset.restoredLabel);
            var first = form.querySelector("textarea, input:not([type=hidden])");
            if (first) { first.focus(); }
          }).catch(function () { say(box.dataset.failedLabel); });
        } else {
          var body = new URLSearchParams(query);
          body.append("discard", "1");
          fetch(url, {
            method: "POST", credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken() }, body: body
          }).then(function () { closeOffer(box.dataset.discardedLabel); });
        }
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
