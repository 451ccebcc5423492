/* Canned responses in the composer: "/" at the start of a word (or the button) opens a
 * searchable list; arrow keys move, Enter inserts the server-rendered text (the variables
 * filled for this conversation), Esc closes. The pane is swapped by htmx, so everything is
 * looked up when used and the listeners sit on the document.
 */
(function () {
  "use strict";

  var SEARCH_DEBOUNCE_MS = 120;
  var state = { open: false, results: [], index: 0, token: null, fromButton: false, seq: 0 };
  var searchTimer = null;

  function byId(id) { return document.getElementById(id); }
  function form() { return byId("composer"); }
  function textarea() { return byId("composer-text"); }
  function pop() { return byId("canned-pop"); }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  // The "/word" just before the caret, when the slash starts a word: {start, end, query}.
  function slashToken() {
    var ta = textarea();
    if (!ta) return null;
    var caret = ta.selectionStart;
    if (caret !== ta.selectionEnd) return null;
    var before = ta.value.slice(0, caret);
    var m = /(^|\s)\/([^\s\/]*)$/.exec(before);
    if (!m) return null;
    var start = caret - m[2].length - 1;
    return { start: start, end: caret, query: m[2] };
  }

  function render() {
    var list = byId("canned-list");
    if (!list) return;
    list.textContent = "";
    if (!state.results.length) {
      var empty = document.createElement("li");
      empty.className = "canned-empty";
      empty.textContent = pop().dataset.empty;
      list.appendChild(empty);
      return;
    }
    state.results.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "canned-opt-" + item.id;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === state.index));
      li.dataset.index = String(i);
      li.dataset.testid = "canned-option";
      li.setAttribute("data-testid", "canned-option");
      var title = document.createElement("span");
      title.className = "canned-title";
      title.textContent = item.title;
      var shortcut = document.createElement("span");
      shortcut.className = "canned-shortcut";
      shortcut.textContent = "/" + item.shortcut;
      var preview = document.createElement("span");
      preview.className = "canned-preview";
      preview.textContent = item.category_label + " · " + item.preview;
      li.appendChild(title); li.appendChild(shortcut); li.appendChild(preview);
      list.appendChild(li);
    });
    var active = list.querySelector('[aria-selected="true"]');
    if (active) {
      active.scrollIntoView({ block: "nearest" });
      (state.fromButton ? pop().querySelector(".canned-q") : textarea()).setAttribute("aria-activedescendant", active.id);
    }
  }

  function search(query) {
    var f = form();
    if (!f) return;
    var seq = ++state.seq;
    var url = f.dataset.cannedUrl + "?q=" + encodeURIComponent(query || "");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        if (seq !== state.seq || !state.open) return; // an answer to an older query
        state.results = data.results || [];
        state.index = 0;
        byId("canned-list").dataset.query = query || "";
        render();
      });
  }
  function searchSoon(query) {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { search(query); }, SEARCH_DEBOUNCE_MS);
  }

  function open(fromButton) {
    var p = pop();
    if (!p) return;
    state.open = true;
    state.fromButton = fromButton;
    state.results = [];
    p.hidden = false;
    var q = p.querySelector(".canned-q");
    q.value = "";
    q.parentElement.hidden = !fromButton;
    textarea().setAttribute("aria-expanded", "true");
    if (fromButton) q.focus();
    search(fromButton ? "" : (state.token ? state.token.query : ""));
  }
  function close(refocus) {
    var p = pop();
    state.open = false;
    state.token = null;
    if (p) p.hidden = true;
    var ta = textarea();
    if (ta) { ta.setAttribute("aria-expanded", "false"); ta.removeAttribute("aria-activedescendant"); if (refocus) ta.focus(); }
  }

  function showNotice(text) {
    var notice = document.querySelector(".canned-notice");
    if (!notice) return;
    notice.textContent = text;
    notice.hidden = !text;
  }

  function insert(item) {
    if (!item) return;
    var token = state.token;
    close(false);
    fetch(item.render_url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Accept": "application/json" },
    })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        var ta = textarea();
        if (!ta) return;
        var start = token ? token.start : ta.selectionStart;
        var end = token ? token.end : ta.selectionEnd;
        ta.value = ta.value.slice(0, start) + data.text + ta.value.slice(end);
        var caret = start + data.text.length;
        ta.focus();
        ta.setSelectionRange(caret, caret);
        ta.dispatchEvent(new Event("input", { bubbles: true }));
        showNotice(data.unknown && data.unknown.length ? pop().dataset.unknown + " " + data.unknown.join(", ") : "");
      })
      .catch(function () { showNotice(pop() ? pop().dataset.failed : ""); });
  }

  function move(step) {
    if (!state.results.length) return;
    state.index = (state.index + step + state.results.length) % state.results.length;
    render();
  }

  // Typing in the composer: a "/word" before the caret opens (and filters) the list.
  document.addEventListener("input", function (e) {
    if (e.target.id === "composer-text") {
      var token = slashToken();
      if (token) {
        state.token = token;
        if (!state.open) open(false); else searchSoon(token.query);
      } else if (state.open && !state.fromButton) {
        close(false);
      }
    } else if (e.target.classList && e.target.classList.contains("canned-q")) {
      searchSoon(e.target.value);
    }
  });

  // Capture phase: while the list is open its keys must not reach the inbox shortcuts.
  document.addEventListener("keydown", function (e) {
    if (!state.open) return;
    var inPicker = e.target.id === "composer-text" || (e.target.classList && e.target.classList.contains("canned-q"));
    if (!inPicker) return;
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
      if (!state.results.length) return;
      e.preventDefault();
      e.stopPropagation();
      insert(state.results[state.index]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else { return; }
  }, true);

  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-canned-open]")) {
      e.preventDefault();
      if (state.open) { close(true); return; }
      var ta = textarea();
      state.token = null;
      open(true);
      return;
    }
    if (e.target.closest("[data-canned-close]")) { close(true); return; }
    var option = e.target.closest("#canned-list [role=option]");
    if (option) { insert(state.results[Number(option.dataset.index)]); return; }
    if (state.open && !e.target.closest("#canned-pop") && e.target.id !== "composer-text") close(false);
  });

  // A new pane (or a sent reply) replaces the composer: start closed.
  document.body.addEventListener("htmx:afterSettle", function () {
    if (state.open && (!pop() || pop().hidden)) { state.open = false; state.token = null; }
    if (!form()) { state.open = false; }
    showNotice("");
  });
})();
