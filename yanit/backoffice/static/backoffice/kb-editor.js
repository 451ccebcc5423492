/* The knowledge base body editor: a contenteditable surface with a small toolbar over the
   form's HTML textarea. No external scripts; the server sanitises whatever is saved, and
   without JavaScript the textarea itself is the editor. */
(function () {
  "use strict";

  function csrfToken(form) {
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function button(label, name, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = label;
    b.setAttribute("data-command", name);
    b.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep the selection
    b.addEventListener("click", onClick);
    return b;
  }

  function enhance(box) {
    var source = box.querySelector("textarea");
    if (!source) { return; }
    var form = source.form;
    var labels = box.dataset;
    var readOnly = box.hasAttribute("data-read-only");
    var surface = document.createElement("div");
    surface.className = "kb-surface";
    surface.contentEditable = readOnly ? "false" : "true";
    surface.setAttribute("role", "textbox");
    surface.setAttribute("aria-multiline", "true");
    surface.setAttribute("aria-label", source.labels && source.labels[0] ? source.labels[0].textContent : "");
    surface.setAttribute("data-testid", "kb-surface");
    surface.innerHTML = source.value;
    var toolbar = document.createElement("div");
    toolbar.className = "kb-toolbar";
    toolbar.setAttribute("role", "toolbar");
    var status = document.createElement("span");
    status.className = "kb-status";
    status.setAttribute("role", "status");

    function sync() { source.value = surface.innerHTML; }
    function run(command, value) {
      surface.focus();
      document.execCommand(command, false, value || null);
      sync();
    }
    function insertHtml(html) {
      surface.focus();
      if (!document.execCommand("insertHTML", false, html)) { surface.insertAdjacentHTML("beforeend", html); }
      sync();
    }
    function escapeAttr(text) {
      return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    }
    function upload(accept, insert) {
      var input = document.createElement("input");
      input.type = "file";
      input.accept = accept;
      input.hidden = true;
      input.setAttribute("data-testid", "kb-upload-" + (accept.indexOf("video") === 0 ? "video" : "image"));
      box.appendChild(input);
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file) { return; }
        var data = new FormData();
        data.append("file", file);
        status.textContent = labels.labelUploading;
        fetch(box.dataset.uploadUrl, {
          method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(form) }
        }).then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        }).then(function (result) {
          if (!result.ok) { throw new Error(result.body.error ? result.body.error.message : labels.labelUploadFailed); }
          status.textContent = "";
          insert(result.body);
        }).catch(function (error) {
          status.textContent = error.message || labels.labelUploadFailed;
        }).finally(function () { input.remove(); });
      });
      input.click();
    }

    if (!readOnly) {
      toolbar.appendChild(button(labels.labelBold, "bold", function () { run("bold"); }));
      toolbar.appendChild(button(labels.labelItalic, "italic", function () { run("italic"); }));
      toolbar.appendChild(button(labels.labelH2, "h2", function () { run("formatBlock", "<h2>"); }));
      toolbar.appendChild(button(labels.labelH3, "h3", function () { run("formatBlock", "<h3>"); }));
      toolbar.appendChild(button(labels.labelUl, "ul", function () { run("insertUnorderedList"); }));
      toolbar.appendChild(button(labels.labelOl, "ol", function () { run("insertOrderedList"); }));
      toolbar.appendChild(button(labels.labelLink, "link", function () {
        var url = window.prompt(labels.labelLinkPrompt, "https://");
        if (url && /^(https?:|mailto:|tel:|\/)/.test(url)) { run("createLink", url); }
      }));
      toolbar.appendChild(button(labels.labelImage, "image", function () {
        upload("image/png,image/jpeg,image/gif,image/webp", function (asset) {
          insertHtml('<img src="' + escapeAttr(asset.url) + '" alt="' + escapeAttr(asset.filename.replace(/\.[a-z0-9]+$/, "")) + '">');
        });
      }));
      toolbar.appendChild(button(labels.labelVideo, "video", function () {
        upload("video/mp4,video/webm", function (asset) {
          insertHtml('<video controls src="' + escapeAttr(asset.url) + '"></video><p><br></p>');
        });
      }));
    }
    var htmlToggle = button(labels.labelHtml, "html", function () {
      var showing = box.classList.toggle("show-html");
      htmlToggle.setAttribute("aria-pressed", showing ? "true" : "false");
      if (showing) { sync(); } else { surface.innerHTML = source.value; }
    });
    htmlToggle.setAttribute("aria-pressed", "false");
    toolbar.appendChild(htmlToggle);
    toolbar.appendChild(status);

    surface.addEventListener("input", sync);
    source.addEventListener("input", function () { surface.innerHTML = source.value; });
    if (form) {
      form.addEventListener("submit", function () {
        if (!box.classList.contains("show-html")) { sync(); }
      });
    }
    box.insertBefore(surface, source);
    box.insertBefore(toolbar, surface);
    box.classList.add("enhanced");
  }

  function init() {
    // Enter starts a <p>, not Chromium's default <div>.
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (e) { /* older engines */ }
    var boxes = document.querySelectorAll("[data-kb-editor]");
    for (var i = 0; i < boxes.length; i++) { enhance(boxes[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
