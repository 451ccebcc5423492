/* The contact form page: tells an embedding page its height, stops double sends, checks the
   chosen files before uploading and puts the focus on the first problem. */
(function () {
  "use strict";
  var embedded = window.parent !== window;
  var firstReport = true;
  function reportHeight() {
    if (!embedded) return;
    // Only a height: nothing secret, so any parent may read it; the loader checks our origin.
    window.parent.postMessage({ type: "yanit-form:height", height: Math.ceil(document.body.getBoundingClientRect().height), top: firstReport }, "*");
    firstReport = false;
  }
  if (embedded && "ResizeObserver" in window) new ResizeObserver(reportHeight).observe(document.body);
  window.addEventListener("load", reportHeight);
  reportHeight();

  var form = document.querySelector("form[data-sending-label]");
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  if (!form) return;

  var files = form.querySelector("input[type=file]");
  function fileProblem() {
    if (!files || !files.files) return "";
    var maxFiles = parseInt(form.getAttribute("data-max-files"), 10);
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) * 1048576;
    if (maxFiles && files.files.length > maxFiles) return form.getAttribute("data-too-many");
    for (var i = 0; i < files.files.length; i++) {
      if (files.files[i].size > maxBytes) return form.getAttribute("data-too-large").replace("%(name)s", files.files[i].name);
    }
    return "";
  }
  function showFileProblem(text) {
    var field = files.closest(".field");
    var box = field.querySelector(".error.client");
    if (!text) { if (box) box.remove(); field.classList.remove("has-error"); files.removeAttribute("aria-invalid"); return; }
    if (!box) { box = document.createElement("p"); box.className = "error client"; box.id = "id_attachments_client_error"; field.appendChild(box); }
    box.textContent = text;
    field.classList.add("has-error");
    files.setAttribute("aria-invalid", "true");
    files.setAttribute("aria-describedby", box.id);
  }
  if (files) files.addEventListener("change", function () { showFileProblem(fileProblem()); reportHeight(); });

  form.addEventListener("submit", function (event) {
    var problem = fileProblem();
    if (problem) { event.preventDefault(); showFileProblem(problem); files.focus(); return; }
    var button = form.querySelector("button[type=submit]");
    if (form.getAttribute("data-sending")) { event.preventDefault(); return; }
    form.setAttribute("data-sending", "1");
    if (button) { button.disabled = true; button.textContent = form.getAttribute("data-sending-label"); }
  });
})();
