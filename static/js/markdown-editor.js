// The rich-text editor (newsroom/richtext.py): buttons that write the Markdown, a
// preview rendered by the server with the public pages' own function, and a paste from
// a word processor converted on the server. Every string comes from the widget's
// data- attributes (translated there); events are delegated, so that inline rows added
// later work too.
(function () {
  "use strict";
  document.documentElement.classList.add("markdown-js");

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, name, value) {
    var body = new URLSearchParams();
    body.append(name, value);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: body
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    });
  }

  function parts(editor) {
    return {
      textarea: editor.querySelector("textarea"),
      rendered: editor.querySelector(".markdown-rendered"),
      preview: editor.querySelector(".markdown-preview")
    };
  }

  // Replace the textarea's range [start, end) with `text`, keeping the browser's undo.
  function replace(textarea, start, end, text, selectFrom, selectTo) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var done = false;
    try { done = document.execCommand("insertText", false, text); } catch (e) { done = false; }
    if (!done || textarea.value.slice(start, start + text.length) !== text) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    textarea.setSelectionRange(start + selectFrom, start + selectTo);
  }

  function wrap(textarea, marker, placeholder) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var inner = textarea.value.slice(start, end) || placeholder;
    replace(textarea, start, end, marker + inner + marker,
      marker.length, marker.length + inner.length);
  }

  function link(textarea, placeholder) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var label = textarea.value.slice(start, end) || placeholder;
    var address = "https://";
    // The address is selected: typing or pasting it replaces the placeholder.
    replace(textarea, start, end, "[" + label + "](" + address + ")",
      label.length + 3, label.length + 3 + address.length);
  }

  // Prefix every line the selection touches; a second click takes the prefix off.
  function prefixLines(textarea, prefixFor, pattern) {
    var value = textarea.value;
    var start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var end = value.indexOf("\n", textarea.selectionEnd);
    if (end === -1 || textarea.selectionEnd < textarea.selectionStart) { end = value.length; }
    var lines = value.slice(start, end).split("\n");
    var all = lines.every(function (line) { return pattern.test(line); });
    var result = lines.map(function (line, index) {
      return all ? line.replace(pattern, "") : prefixFor(index) + line.replace(pattern, "");
    }).join("\n");
    replace(textarea, start, end, result, result.length, result.length);
  }

  var actions = {
    bold: function (t, editor) { wrap(t, "**", editor.dataset.textPlaceholder || ""); },
    italic: function (t, editor) { wrap(t, "*", editor.dataset.textPlaceholder || ""); },
    link: function (t, editor) { link(t, editor.dataset.linkPlaceholder || ""); },
    bullets: function (t) { prefixLines(t, function () { return "- "; }, /^\s*[-*+] /); },
    numbers: function (t) {
      prefixLines(t, function (i) { return (i + 1) + ". "; }, /^\s*\d+[.)] /);
    },
    heading: function (t) { prefixLines(t, function () { return "## "; }, /^#{1,6} /); },
    quote: function (t) { prefixLines(t, function () { return "> "; }, /^> ?/); }
  };

  function showPreview(editor, on) {
    var p = parts(editor);
    p.preview.setAttribute("aria-pressed", on ? "true" : "false");
    p.preview.textContent = on ? editor.dataset.editLabel : editor.dataset.previewLabel;
    editor.querySelectorAll(".markdown-button:not(.markdown-preview)").forEach(function (b) {
      b.disabled = on;
    });
    p.textarea.hidden = on;
    p.rendered.hidden = !on;
    if (!on) { p.textarea.focus(); return; }
    p.rendered.textContent = "…";
    post(editor.dataset.previewUrl, "text", p.textarea.value).then(function (data) {
      // Sanitised on the server by newsroom.markup, as on the public pages.
      p.rendered.innerHTML = data.html;
      if (!data.html) { p.rendered.textContent = editor.dataset.emptyLabel; }
    }).catch(function () {
      p.rendered.textContent = editor.dataset.errorLabel;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".markdown-editor .markdown-button");
    if (!button) { return; }
    var editor = button.closest(".markdown-editor");
    var action = button.dataset.action;
    if (action === "preview") {
      showPreview(editor, button.getAttribute("aria-pressed") !== "true");
    } else if (actions[action]) {
      actions[action](parts(editor).textarea, editor);
    }
  });

  // A toolbar is one stop for Tab; the arrow keys, Home and End move within it.
  document.addEventListener("keydown", function (event) {
    var current = event.target.closest && event.target.closest(".markdown-toolbar .markdown-button");
    if (!current) { return; }
    var buttons = Array.prototype.slice.call(
      current.closest(".markdown-toolbar").querySelectorAll(".markdown-button"));
    var index = buttons.indexOf(current);
    var next = {
      ArrowRight: (index + 1) % buttons.length,
      ArrowLeft: (index - 1 + buttons.length) % buttons.length,
      Home: 0,
      End: buttons.length - 1
    }[event.key];
    if (next === undefined) { return; }
    event.preventDefault();
    buttons.forEach(function (button, i) { button.tabIndex = i === next ? 0 : -1; });
    buttons[next].focus();
  });

  document.addEventListener("keydown", function (event) {
    var textarea = event.target;
    if (!(event.ctrlKey || event.metaKey) || event.altKey || !textarea.closest) { return; }
    var editor = textarea.closest(".markdown-editor");
    if (!editor || textarea.tagName !== "TEXTAREA") { return; }
    var button = editor.querySelector('.markdown-button[data-key="' + event.key.toUpperCase() + '"]');
    if (button) {
      event.preventDefault();
      actions[button.dataset.action](textarea, editor);
    }
  });

  // A paste from Word, Google Docs or a web page keeps its structure, not its look.
  document.addEventListener("paste", function (event) {
    var textarea = event.target;
    var editor = textarea.closest && textarea.closest(".markdown-editor");
    var data = event.clipboardData;
    if (!editor || textarea.tagName !== "TEXTAREA" || !data) { return; }
    var html = data.getData("text/html");
    if (!html) { return; }
    var plain = data.getData("text/plain");
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    event.preventDefault();
    post(editor.dataset.pasteUrl, "html", html).then(function (answer) {
      return answer.markdown;
    }).catch(function () {
      return plain;
    }).then(function (text) {
      replace(textarea, start, end, text, text.length, text.length);
    });
  });
})();
