// "@" in an internal note: autocomplete the workspace's agents, and highlight mentions in notes.
// Matching folds Turkish case and diacritics the way the server does ("@ayse" finds "Ayşe").
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("yanit-notify").textContent);
  var agents = cfg.agents || [];
  var FOLD = { "ı": "i", "ğ": "g", "ü": "u", "ş": "s", "ö": "o", "ç": "c", "â": "a", "î": "i", "û": "u" };
  function fold(s) {
    return s.replace(/[İI]/g, function (c) { return c === "İ" ? "i" : "ı"; }).toLocaleLowerCase("tr")
      .replace(/[ığüşöçâîû]/g, function (c) { return FOLD[c]; });
  }
  agents.forEach(function (a) { a.fname = fold(a.name); a.fhandle = fold(a.handle); });

  // --- autocomplete ----------------------------------------------------------------------------
  var box = null, matches = [], active = 0, anchor = -1;

  function composerText() { return document.getElementById("composer-text"); }
  function noteMode() {
    var checked = document.querySelector("#composer input[name=mode]:checked");
    return checked && checked.value === "note";
  }
  function closeBox() {
    if (box) box.remove();
    box = null; matches = []; anchor = -1;
  }
  function render(ta) {
    if (!box) {
      box = document.createElement("ul");
      box.className = "mention-box";
      box.setAttribute("role", "listbox");
      box.dataset.testid = "mention-box";
      ta.parentNode.insertBefore(box, ta.nextSibling);
      box.addEventListener("mousedown", function (e) {
        var li = e.target.closest("li");
        if (!li) return;
        e.preventDefault();
        choose(ta, parseInt(li.dataset.index, 10));
      });
    }
    // Above the textarea: the composer sits at the bottom of the screen.
    box.style.left = ta.offsetLeft + "px";
    box.style.bottom = (ta.offsetParent ? ta.offsetParent.clientHeight - ta.offsetTop + 4 : 0) + "px";
    box.innerHTML = "";
    matches.forEach(function (a, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.dataset.index = String(i);
      if (i === active) { li.className = "active"; li.setAttribute("aria-selected", "true"); }
      var name = document.createElement("strong");
      name.textContent = a.name;
      var handle = document.createElement("span");
      handle.className = "muted";
      handle.textContent = " @" + a.handle;
      li.appendChild(name); li.appendChild(handle);
      box.appendChild(li);
    });
  }
  function query(ta) {
    var upto = ta.value.slice(0, ta.selectionStart);
    var at = upto.lastIndexOf("@");
    if (at < 0) return null;
    if (at > 0 && /[\p{L}\p{N}_.]/u.test(upto.charAt(at - 1))) return null;  // an email address
    var q = upto.slice(at + 1);
    if (q.length > 40 || /\n/.test(q) || /\s\S*\s/.test(q)) return null;  // at most "First Last"
    return { at: at, q: fold(q) };
  }
  function update(ta) {
    var found = noteMode() ? query(ta) : null;
    if (!found) { closeBox(); return; }
    matches = agents.filter(function (a) {
      return a.fname.indexOf(found.q) === 0 || a.fhandle.indexOf(found.q) === 0 ||
        a.fname.split(" ").some(function (w) { return w.indexOf(found.q) === 0; });
    }).slice(0, 8);
    if (!matches.length) { closeBox(); return; }
    anchor = found.at;
    active = Math.min(active, matches.length - 1);
    render(ta);
  }
  function choose(ta, index) {
    var a = matches[index];
    if (!a || anchor < 0) return;
    var before = ta.value.slice(0, anchor), after = ta.value.slice(ta.selectionStart);
    var insert = "@" + a.name + " ";
    ta.value = before + insert + after.replace(/^\s+/, "");
    var caret = before.length + insert.length;
    ta.setSelectionRange(caret, caret);
    ta.focus();
    closeBox();
  }
  document.addEventListener("input", function (e) {
    if (e.target === composerText()) { active = 0; update(e.target); }
  });
  document.addEventListener("keydown", function (e) {
    var ta = composerText();
    if (!box || e.target !== ta) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      active = (active + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      render(ta);
    } else if ((e.key === "Enter" && !e.ctrlKey && !e.metaKey) || e.key === "Tab") {
      choose(ta, active);
    } else if (e.key === "Escape") {
      closeBox();
    } else {
      return;
    }
    e.preventDefault();
    e.stopImmediatePropagation();
  }, true);
  document.addEventListener("focusout", function (e) {
    if (e.target === composerText()) setTimeout(closeBox, 150);
  });

  // --- highlighting mentions in notes -------------------------------------------------------------
  var handles = [];
  agents.forEach(function (a) { handles.push(a.fname, a.fhandle); });
  handles.sort(function (x, y) { return y.length - x.length; });
  var WORD = /[\p{L}\p{N}_]/u;

  function highlightNode(node) {
    var text = node.nodeValue, folded = fold(text), i = folded.indexOf("@");
    while (i !== -1) {
      if (i === 0 || !WORD.test(folded.charAt(i - 1))) {
        for (var h = 0; h < handles.length; h++) {
          var end = i + 1 + handles[h].length;
          if (handles[h] && folded.substr(i + 1, handles[h].length) === handles[h] &&
              (end >= folded.length || !WORD.test(folded.charAt(end)))) {
            var mention = node.splitText(i);
            var rest = mention.splitText(end - i);
            var span = document.createElement("span");
            span.className = "mention";
            span.textContent = mention.nodeValue;
            mention.parentNode.replaceChild(span, mention);
            highlightNode(rest);
            return;
          }
        }
      }
      i = folded.indexOf("@", i + 1);
    }
  }
  function highlight(root) {
    (root || document).querySelectorAll(".msg-note .msg-body:not([data-mentions])").forEach(function (body) {
      body.dataset.mentions = "1";
      var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT), nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (n) { if (n.nodeValue.indexOf("@") !== -1) highlightNode(n); });
    });
  }
  highlight(document);
  document.body.addEventListener("htmx:afterSettle", function () { highlight(document); });
})();
