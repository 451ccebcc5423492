// SLA countdowns: every [data-sla-due] badge re-renders its text from the due timestamp, so the
// list and the conversation page tick without a request. The server sends a fresh badge whenever
// the state changes (warning, breach, reply), through the usual realtime row refresh.
(function () {
  "use strict";
  var words = null;

  function loadWords() {
    var el = document.getElementById("sla-i18n");
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)[ds]/g, function (_m, key) { return String(values[key]); });
  }

  function duration(minutes) {
    minutes = Math.max(0, Math.ceil(minutes));
    if (minutes < 60) return fill(words.min, { m: minutes });
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    if (hours < 24) return rest ? fill(words.hmin, { h: hours, m: rest }) : fill(words.h, { h: hours });
    var days = Math.floor(hours / 24);
    hours = hours % 24;
    return hours ? fill(words.dh, { d: days, h: hours }) : fill(words.d, { d: days });
  }

  function tick() {
    words = words || loadWords();
    if (!words) return;
    var now = Date.now();
    document.querySelectorAll("[data-sla-due]").forEach(function (badge) {
      var due = Date.parse(badge.getAttribute("data-sla-due"));
      if (isNaN(due)) return;
      var minutes = (due - now) / 60000;
      var text = minutes >= 0 ? fill(words.left, { left: duration(minutes) }) : fill(words.late, { late: duration(-minutes) });
      var left = badge.querySelector(".sla-left");
      if (left && left.textContent !== text) left.textContent = text;
      if (minutes < 0 && !badge.classList.contains("sla-breached")) {
        badge.classList.remove("sla-ok", "sla-warning");
        badge.classList.add("sla-breached");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
  setInterval(tick, 5000);
})();
