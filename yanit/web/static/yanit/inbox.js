/* yanit agent inbox: live updates over the websocket, presence, keyboard shortcuts.
 *
 * The server renders every fragment; this file only decides *when* to re-fetch one. A push
 * says "conversation 42 changed", never carries the data, so a missed push is repaired by
 * the next re-fetch (and on reconnect everything on screen is fetched again).
 */
(function () {
  "use strict";

  var layout = document.getElementById("inbox-layout");
  if (!layout || !window.htmx) return;
  var T = JSON.parse(document.getElementById("yanit-i18n").textContent);

  var HEARTBEAT_MS = 20000; // the consumer expects "here" at least this often
  var PRESENCE_TTL_MS = 45000; // a viewer not heard from for this long has gone
  var TYPING_IDLE_MS = 4000;
  var VISITOR_TYPING_TTL_MS = 8000; // the widget repeats "typing" every few seconds while it lasts
  var SEEN_MS = 60000; // keeps this agent counted as online for the chat widget
  var REFRESH_DEBOUNCE_MS = 150;

  function byId(id) { return document.getElementById(id); }
  function pane() { var p = byId("pane"); return p && p.dataset.conversationId ? p : null; }
  function openId() { var p = pane(); return p ? Number(p.dataset.conversationId) : null; }

  // --- re-fetching fragments --------------------------------------------------------------
  var timers = {};
  function debounce(key, fn) {
    clearTimeout(timers[key]);
    timers[key] = setTimeout(fn, REFRESH_DEBOUNCE_MS);
  }
  function focusInside(el) { return el && el.contains(document.activeElement) && document.activeElement !== document.body; }

  function refreshList() {
    var list = byId("conv-list");
    if (!list) return;
    var url = new URL(list.dataset.listUrl, location.href);
    var shown = list.querySelectorAll(".conv-row").length;
    // Keep what "load more" already revealed on screen.
    if (shown > 25) url.searchParams.set("limit", String(Math.min(shown, 100)));
    if (openId()) url.searchParams.set("active", String(openId()));
    htmx.ajax("GET", url.pathname + url.search, { target: "#conv-list", swap: "outerHTML" });
  }
  function refreshThread() {
    var p = pane();
    if (p) htmx.ajax("GET", p.dataset.threadUrl, { target: "#thread", swap: "outerHTML" });
  }
  function refreshHead() {
    var p = pane();
    if (!p) return;
    // Don't pull a select out from under the agent's hand; try again when they are done.
    if (focusInside(byId("conv-controls"))) { setTimeout(function () { debounce("head", refreshHead); }, 2000); return; }
    htmx.ajax("GET", p.dataset.headUrl, { target: "#conv-head", swap: "outerHTML" });
  }
  function refreshContact() {
    var p = pane();
    if (!p || focusInside(byId("contact-sidebar"))) return;
    htmx.ajax("GET", p.dataset.contactUrl, { target: "#contact-sidebar", swap: "outerHTML" });
  }
  function reloadPane() {
    var p = pane();
    if (p) htmx.ajax("GET", p.dataset.pageUrl, { target: "#pane", swap: "outerHTML" });
  }
  function catchUp() {
    debounce("list", refreshList);
    if (openId()) { debounce("thread", refreshThread); debounce("head", refreshHead); debounce("contact", refreshContact); }
  }

  // --- the websocket --------------------------------------------------------------------------
  var socket = null, attempts = 0, everConnected = false, viewing = null, lostTimer = null;

  function send(obj) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(obj));
  }
  function setConnected(ok) {
    var badge = byId("live-status");
    clearTimeout(lostTimer);
    document.body.dataset.live = ok ? "on" : "off";
    if (ok) { badge.hidden = true; return; }
    // A blip shorter than a second isn't worth alarming anyone about.
    lostTimer = setTimeout(function () { badge.hidden = false; }, 1000);
  }
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/agent/");
    socket.addEventListener("open", function () {
      attempts = 0;
      setConnected(true);
      viewing = null;
      syncViewing();
      if (everConnected) {
        catchUp();
        document.dispatchEvent(new CustomEvent("yanit:reconnected"));
      }
      everConnected = true;
    });
    socket.addEventListener("message", function (e) {
      var msg;
      try { msg = JSON.parse(e.data); } catch (err) { return; }
      handle(msg);
      // Other scripts of the page (the notification bell) listen on the same socket.
      document.dispatchEvent(new CustomEvent("yanit:socket", { detail: msg }));
    });
    socket.addEventListener("close", function () {
      setConnected(false);
      presence = {};
      renderPresence();
      var delay = Math.min(15000, 500 * Math.pow(2, attempts)) * (0.75 + Math.random() * 0.5);
      attempts += 1;
      setTimeout(connect, delay);
    });
  }

  function handle(msg) {
    var open = openId();
    var p = pane();
    switch (msg.event) {
      case "conversation.updated":
      case "message.created":
        debounce("list", refreshList);
        if (open && msg.conversation_id === open) {
          debounce("thread", refreshThread);
          if (msg.event === "conversation.updated") debounce("head", refreshHead);
        }
        break;
      case "message.delivery":
        if (open && msg.conversation_id === open) debounce("thread", refreshThread);
        break;
      case "contact.updated":
        debounce("list", refreshList);
        if (p && Number(p.dataset.contactId) === msg.contact_id) debounce("contact", refreshContact);
        break;
      case "contact.merged":
        debounce("list", refreshList);
        if (p && Number(p.dataset.contactId) === msg.merged_contact_id) debounce("pane", reloadPane);
        else if (p && Number(p.dataset.contactId) === msg.contact_id) debounce("contact", refreshContact);
        break;
      case "presence.join":
      case "presence.here":
      case "presence.typing":
        if (msg.conversation_id !== open) break;
        var entry = presence[msg.agent_id] || { name: msg.name, typing: false };
        entry.seen = Date.now();
        entry.name = msg.name;
        if (msg.event === "presence.typing") entry.typing = !!msg.is_typing;
        presence[msg.agent_id] = entry;
        renderPresence();
        break;
      case "presence.leave":
        delete presence[msg.agent_id];
        renderPresence();
        break;
      case "visitor.typing":
        // The chat visitor (yanit/connectors/webchat): shown until they stop or go quiet.
        if (msg.conversation_id !== open) break;
        if (msg.is_typing) presence.visitor = { typing: true, visitor: true, seen: Date.now() };
        else delete presence.visitor;
        renderPresence();
        break;
    }
  }

  // --- presence ---------------------------------------------------------------------------
  var presence = {};
  function renderPresence() {
    var box = byId("presence");
    if (!box) return;
    var now = Date.now(), viewers = [], typers = [], visitorTyping = false;
    Object.keys(presence).forEach(function (id) {
      var e = presence[id];
      if (now - e.seen > (e.visitor ? VISITOR_TYPING_TTL_MS : PRESENCE_TTL_MS)) { delete presence[id]; return; }
      if (e.visitor) { visitorTyping = true; return; }
      (e.typing ? typers : viewers).push(e.name);
    });
    var parts = [];
    if (visitorTyping) parts.push(T.visitor_typing);
    if (typers.length) parts.push(T.typing.replace("{names}", typers.join(", ")));
    if (viewers.length) parts.push(T.viewing.replace("{names}", viewers.join(", ")));
    box.textContent = parts.join(" · ");
  }
  setInterval(renderPresence, 2000);
  setInterval(function () { send({ action: "ping" }); }, SEEN_MS);

  function syncViewing() {
    var id = openId();
    if (id === viewing) return;
    presence = {};
    renderPresence();
    viewing = id;
    send(id ? { action: "view", conversation_id: id } : { action: "leave" });
  }
  setInterval(function () { if (viewing) send({ action: "here" }); }, HEARTBEAT_MS);

  var typingSent = false, typingTimer = null;
  function typingStopped() {
    if (typingSent) send({ action: "typing", is_typing: false });
    typingSent = false;
  }
  document.addEventListener("input", function (e) {
    if (e.target.id !== "composer-text") return;
    if (!typingSent) { send({ action: "typing", is_typing: true }); typingSent = true; }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(typingStopped, TYPING_IDLE_MS);
  });

  // --- after every swap: keep the page consistent ----------------------------------------------
  var threadPinned = true;
  var shownPane = null;
  var controlsOpen = false;
  document.body.addEventListener("htmx:beforeSwap", function () {
    var thread = byId("thread");
    threadPinned = !thread || thread.scrollHeight - thread.scrollTop - thread.clientHeight < 80;
  });
  function scrollThread() {
    var thread = byId("thread");
    if (thread) thread.scrollTop = thread.scrollHeight;
  }
  function markActiveRow() {
    var id = openId();
    document.querySelectorAll(".conv-row").forEach(function (row) {
      row.classList.toggle("active", Number(row.dataset.conversationId) === id);
    });
  }
  function afterSwap() {
    var p = pane();
    document.body.classList.toggle("has-conversation", !!p);
    if (p && p !== shownPane) {
      shownPane = p;
      document.title = p.dataset.title + " · yanit";
      threadPinned = true;
      controlsOpen = false;
    }
    var head = byId("conv-head");
    if (head) {
      head.classList.toggle("show-controls", controlsOpen);
      var toggle = head.querySelector("[data-action=toggle-controls]");
      if (toggle) toggle.setAttribute("aria-expanded", String(controlsOpen));
    }
    if (threadPinned) scrollThread();
    markActiveRow();
    syncViewing();
    var list = byId("conv-list");
    if (list) {
      // The address bar follows the filters, so a reload or a shared link shows the same list.
      var query = new URL(list.dataset.listUrl, location.href).search;
      if (query !== location.search) history.replaceState(history.state, "", location.pathname + query);
    }
  }
  document.body.addEventListener("htmx:afterSettle", afterSwap);
  window.addEventListener("popstate", function () { setTimeout(afterSwap, 0); });

  // The composer: tabs, files, reset after sending.
  function setMode(mode) {
    var form = byId("composer");
    if (!form) return;
    var radio = form.querySelector('input[name="mode"][value="' + mode + '"]');
    if (radio) radio.checked = true;
    updateComposer();
  }
  function updateComposer() {
    var form = byId("composer");
    if (!form) return;
    var note = form.querySelector('input[name="mode"]:checked').value === "note";
    form.classList.toggle("is-note", note);
    byId("composer-text").placeholder = note ? T.note : T.reply;
  }
  document.addEventListener("change", function (e) {
    if (e.target.name === "mode") updateComposer();
    if (e.target.name === "files" && e.target.closest("#composer")) {
      var names = Array.prototype.map.call(e.target.files, function (f) { return f.name; });
      e.target.closest("#composer").querySelector(".file-names").textContent = names.join(", ");
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail.elt;
    // A 422 (an inline error, the "someone else replied" warning) keeps what the agent wrote.
    if (form && form.id === "composer" && e.detail.successful && e.detail.xhr.status < 300) {
      var mode = form.querySelector('input[name="mode"]:checked').value;
      form.reset();
      form.querySelector(".file-names").textContent = "";
      setMode(mode);
      typingStopped();
      threadPinned = true;
      scrollThread();
    }
  });

  // --- buttons and keyboard ---------------------------------------------------------------------
  function toggleHelp(show) {
    var overlay = byId("help-overlay");
    overlay.hidden = show === undefined ? !overlay.hidden : !show;
    if (!overlay.hidden) overlay.querySelector("button").focus();
  }
  function goToList() {
    var back = document.querySelector(".back-link");
    if (back) back.click();
  }
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-action]");
    if (!el) {
      if (e.target.id === "help-overlay") toggleHelp(false);
      if (document.body.classList.contains("show-rail") && !e.target.closest("#rail")) document.body.classList.remove("show-rail");
      return;
    }
    var action = el.dataset.action;
    if (action === "help") toggleHelp();
    else if (action === "close-help") toggleHelp(false);
    else if (action === "toggle-rail") { e.stopPropagation(); document.body.classList.toggle("show-rail"); }
    else if (action === "toggle-controls") {
      controlsOpen = !controlsOpen;
      byId("conv-head").classList.toggle("show-controls", controlsOpen);
      el.setAttribute("aria-expanded", String(controlsOpen));
    } else if (action === "toggle-contact") { var p = pane(); if (p) p.classList.toggle("show-contact"); }
    else if (action === "back") {
      e.preventDefault();
      send({ action: "leave" });
      viewing = null;
      var list = byId("conv-list");
      var query = list ? new URL(list.dataset.listUrl, location.href).search : "";
      location.href = "/" + query;
    }
  });

  function moveInList(step) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".conv-row"));
    if (!rows.length) return;
    var current = rows.findIndex(function (r) { return r.classList.contains("active"); });
    var next = rows[Math.max(0, Math.min(rows.length - 1, current + step))];
    if (current === -1) next = rows[0];
    if (next && !next.classList.contains("active")) {
      next.click();
      next.scrollIntoView({ block: "nearest" });
    }
  }
  function clickShortcut(name) {
    var button = document.querySelector('[data-shortcut="' + name + '"]');
    if (button) button.click();
  }

  var pendingG = 0;
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t.closest && t.closest("input, textarea, select, [contenteditable]");
    if (t.id === "composer-text" && e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      byId("composer").requestSubmit();
      return;
    }
    if (e.key === "Escape") {
      var overlay = byId("help-overlay");
      if (!overlay.hidden) { toggleHelp(false); return; }
      if (document.body.classList.contains("show-rail")) { document.body.classList.remove("show-rail"); return; }
      var p = pane();
      if (p && p.classList.contains("show-contact")) { p.classList.remove("show-contact"); return; }
      if (typing) { t.blur(); return; }
      if (p && window.matchMedia("(max-width: 760px)").matches) goToList();
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (Date.now() - pendingG < 1000 && e.key === "i") { pendingG = 0; location.href = "/"; return; }
    switch (e.key) {
      case "j": moveInList(1); break;
      case "k": moveInList(-1); break;
      case "r": if (byId("composer")) { e.preventDefault(); setMode("reply"); byId("composer-text").focus(); } break;
      case "n": if (byId("composer")) { e.preventDefault(); setMode("note"); byId("composer-text").focus(); } break;
      case "e": clickShortcut("resolve"); break;
      case "a": clickShortcut("assign-me"); break;
      case "/": e.preventDefault(); byId("q").focus(); byId("q").select(); break;
      case "g": pendingG = Date.now(); break;
      case "?": toggleHelp(); break;
      default: return;
    }
  });

  // --- start ---------------------------------------------------------------------------------------
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "422", swap: true, error: false }, // inline form errors (retargeted by the server)
    { code: "[45]..", swap: false, error: true },
  ];
  afterSwap();
  updateComposer();
  connect();
})();
