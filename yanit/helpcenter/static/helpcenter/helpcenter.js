// Help center enhancements; every page works without this file.
// 1. Search as you type: asks search.json and lists the best articles under the box.
// 2. "Was this helpful?" votes without reloading the page.
// 3. The live chat contact option opens the store's widget.
(function () {
  "use strict";

  function suggest(form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector(".suggest");
    if (!input || !list || !window.fetch) return;
    var endpoint = form.getAttribute("data-suggest");
    var lang = form.getAttribute("data-lang") || "tr";
    var timer = null;
    var seq = 0;
    var active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }
    function links() {
      return list.querySelectorAll("a");
    }
    function mark(index) {
      var items = links();
      for (var i = 0; i < items.length; i++) items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      active = index;
    }
    function show(results) {
      list.replaceChildren();
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = list.getAttribute("data-empty");
        list.appendChild(none);
      }
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "presentation");
        var a = document.createElement("a");
        a.href = r.url;
        a.id = "hc-s-" + i;
        a.setAttribute("role", "option");
        a.setAttribute("data-testid", "suggestion");
        var t = document.createElement("span");
        t.className = "t";
        t.innerHTML = r.title_html; // built and escaped by the server; only <mark> added
        var s = document.createElement("span");
        s.className = "s";
        s.innerHTML = r.snippet_html;
        a.appendChild(t);
        a.appendChild(s);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }
    function ask() {
      var q = input.value.trim();
      if (q.length < 2) return close();
      var mine = ++seq;
      fetch(endpoint + "?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" },
      })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (mine === seq) show(data.results || []); })
        .catch(function () {});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (e) {
      var items = links();
      if (list.hidden || !items.length) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark((active - 1 + items.length) % items.length); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); items[active].click(); }
      else if (e.key === "Escape") close();
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) close();
    });
  }

  function votes(form) {
    if (!window.fetch || !window.FormData) return;
    form.addEventListener("submit", function (e) {
      var button = e.submitter;
      if (!button || !button.value) return;
      e.preventDefault();
      var body = new FormData();
      body.append("helpful", button.value);
      fetch(form.action, { method: "POST", body: body, headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) throw new Error("vote failed");
          var buttons = form.querySelectorAll("button");
          for (var i = 0; i < buttons.length; i++) {
            var chosen = buttons[i] === button;
            buttons[i].classList.toggle("chosen", chosen);
            buttons[i].setAttribute("aria-pressed", chosen ? "true" : "false");
          }
          var section = form.parentNode;
          var note = section.querySelector(".thanks");
          if (!note) {
            note = document.createElement("p");
            note.className = "thanks";
            note.setAttribute("role", "status");
            note.setAttribute("data-testid", "vote-thanks");
            var heading = section.querySelector("h2");
            if (heading) heading.replaceWith(note);
            else section.insertBefore(note, form);
          }
          note.textContent = form.getAttribute("data-thanks-" + button.value);
        })
        .catch(function () {
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = "helpful";
          hidden.value = button.value;
          form.appendChild(hidden);
          form.submit();
        });
    });
  }

  function chat(link) {
    link.addEventListener("click", function (e) {
      if (window.Yanit && window.Yanit.open) {
        e.preventDefault();
        window.Yanit.open();
      }
    });
  }

  document.querySelectorAll("form.search[data-suggest]").forEach(suggest);
  document.querySelectorAll("form.votes").forEach(votes);
  document.querySelectorAll("[data-open-chat]").forEach(chat);
})();
