// The notification bell of every agent page: unread count kept live over the agent's websocket
// (inbox.js's on the inbox, agent-socket.js's elsewhere), the panel,
// desktop alerts while the tab is hidden, and the "remind me" form's custom time field.
(function () {
  "use strict";
  var bell = document.getElementById("notif-bell");
  var panel = document.getElementById("notif-panel");
  var count = document.getElementById("notif-count");
  if (!bell || !panel || !count) return;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function setCount(n) {
    n = Math.max(0, n | 0);
    count.textContent = n > 99 ? "99+" : String(n);
    count.hidden = n === 0;
    bell.dataset.unread = String(n);
  }
  function isOpen() { return !panel.hidden; }
  function loadPanel() {
    return htmx.ajax("GET", bell.dataset.panelUrl, { target: "#notif-panel", swap: "innerHTML" });
  }
  function open() {
    panel.hidden = false;
    bell.setAttribute("aria-expanded", "true");
    loadPanel();
  }
  function close() {
    panel.hidden = true;
    bell.setAttribute("aria-expanded", "false");
  }

  bell.addEventListener("click", function (e) {
    e.stopPropagation();
    if (isOpen()) close(); else open();
  });
  document.addEventListener("click", function (e) {
    if (isOpen() && !panel.contains(e.target) && e.target !== bell) close();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && isOpen()) { close(); bell.focus(); }
  });

  // --- desktop alerts ---------------------------------------------------------------------------
  var canAlert = "Notification" in window;
  function refreshPermissionButton() {
    var button = panel.querySelector("[data-action=browser-notifications]");
    if (!button) return;
    button.hidden = !canAlert || Notification.permission === "granted";
    if (canAlert && Notification.permission === "denied") {
      button.disabled = true;
      button.textContent = bell.dataset.blocked;
    }
  }
  panel.addEventListener("click", function (e) {
    var button = e.target.closest("[data-action=browser-notifications]");
    if (!button || !canAlert) return;
    // Asked once, from a click: browsers ignore permission prompts nobody asked for.
    Notification.requestPermission().then(refreshPermissionButton);
  });
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.target !== panel) return;
    refreshPermissionButton();
    var list = panel.querySelector(".notif-list");
    if (list) setCount(parseInt(list.dataset.unread, 10));
  });

  function openNotification(item) {
    var body = new FormData();
    fetch("/notifications/" + item.id + "/open/", {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() },
    }).finally(function () { location.href = item.url || "/"; });
  }
  function alertDesktop(frames) {
    var wanted = frames.filter(function (msg) { return msg.browser; });
    if (!canAlert || !wanted.length || Notification.permission !== "granted" || !document.hidden) return;
    var item = wanted[wanted.length - 1].notification;
    var body = item.text || "";
    if (wanted.length > 1) {
      // A burst (an SLA scan breaching many conversations at once) makes one alert, not dozens.
      body = (body ? body + " " : "") + (bell.dataset.more || "+{n}").replace("{n}", String(wanted.length - 1));
    }
    var alert = new Notification(item.title, { body: body, tag: "yanit-" + item.id });
    alert.onclick = function () { window.focus(); openNotification(item); alert.close(); };
  }

  // --- live updates -----------------------------------------------------------------------------
  // Frames arriving together are handled together: one ring, one panel reload, one alert.
  var burst = [];
  var burstTimer = null;
  function flushBurst() {
    var frames = burst;
    burst = [];
    burstTimer = null;
    setCount(frames[frames.length - 1].unread);
    bell.classList.remove("ring");
    void bell.offsetWidth;  // restart the animation
    bell.classList.add("ring");
    if (isOpen()) loadPanel();
    alertDesktop(frames);
  }
  document.addEventListener("yanit:socket", function (e) {
    var msg = e.detail || {};
    if (msg.event === "notification") {
      burst.push(msg);
      if (!burstTimer) burstTimer = setTimeout(flushBurst, 150);
    } else if (msg.event === "notifications.read") {
      setCount(msg.unread);
      if (isOpen()) loadPanel();
    }
  });
  document.addEventListener("yanit:reconnected", function () {
    // Frames sent while we were away are lost: ask for the count again.
    fetch(bell.dataset.panelUrl, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var m = /data-unread="(\d+)"/.exec(html);
        if (m) setCount(parseInt(m[1], 10));
        if (isOpen()) panel.innerHTML = html;
      });
  });

  // --- "remind me": the date field only when "pick a date and time" is chosen --------------------
  document.addEventListener("change", function (e) {
    var select = e.target.closest(".remind-form select[name=when]");
    if (!select) return;
    var form = select.form;
    form.classList.toggle("custom", select.value === "custom");
    var input = form.querySelector("input[name=due_at]");
    input.required = select.value === "custom";
    if (select.value === "custom") input.focus();
  });
})();
