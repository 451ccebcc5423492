/* yanit contact form loader: puts the form in an iframe right after this script tag and keeps
   the iframe as tall as the form, so the store's page never shows an inner scrollbar. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.parentNode) return;
  var origin = {{ origin|safe }};
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || "").slice(0, 2).toLowerCase();
  var params = "?embed=1" + (lang === "en" || lang === "tr" ? "&lang=" + lang : "") +
    "&ref=" + encodeURIComponent(location.origin + location.pathname);
  var frame = document.createElement("iframe");
  frame.src = {{ form_url|safe }} + params;
  frame.title = {{ title|safe }};
  frame.style.cssText = "display:block;width:100%;max-width:680px;height:760px;border:0;margin:0 auto;background:transparent";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    // Only our own frame, from our own server, may resize it.
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "yanit-form:height" || typeof data.height !== "number") return;
    frame.style.height = Math.max(240, Math.min(Math.ceil(data.height), 20000)) + "px";
    if (data.top) {
      var box = frame.getBoundingClientRect();
      if (box.top < 0) frame.scrollIntoView({ block: "start" });
    }
  });
})();
