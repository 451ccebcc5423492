/* The canned-response editor: flags unknown {{ variables }} while typing (the server checks
 * again on preview and save). Same pattern as yanit/replies/render.py. */
(function () {
  "use strict";
  var form = document.querySelector("[data-canned-editor]");
  if (!form) return;
  var known = JSON.parse(form.dataset.knownVariables || "[]");
  var box = document.getElementById("unknown-live");
  var pattern = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\}\}/g;

  function check() {
    var unknown = [];
    form.querySelectorAll("textarea").forEach(function (area) {
      var match;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(area.value)) !== null) {
        if (known.indexOf(match[1]) === -1 && unknown.indexOf(match[1]) === -1) unknown.push(match[1]);
      }
    });
    box.hidden = !unknown.length;
    box.querySelector("span").textContent = unknown.map(function (n) { return "{{ " + n + " }}"; }).join(", ");
  }
  // The live box replaces the one the server rendered (kept for browsers without scripts).
  var served = form.querySelector('[data-testid="unknown-variables"]');
  if (served) served.remove();
  form.addEventListener("input", check);
  check();
})();
