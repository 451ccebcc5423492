// The launcher, the panel and the message list. One host element in the page; everything
// else inside its shadow root.

var EMOJIS = "😀 😊 😂 😍 🙂 😉 😅 🤔 😢 😮 😡 🙏 👍 👎 👌 👏 🙌 💪 🤝 👋 ❤️ 💙 🔥 ⭐ ✅ ❌ ⚠️ ❓ 🎉 🎁 📦 🚚 💳 🧾 📷 📎 ⏰ 📍 🏠 🛒".split(" ");

P.build = function () {
  var self = this;
  var w = self.words;
  var config = self.config;
  var color = safeColor(config.style && config.style.color);
  self.host = h("yanit-chat", { "data-yanit": "widget" });
  var root = self.host.attachShadow({ mode: "open" });
  self.root = root;
  root.appendChild(h("style", { text: CSS }));
  var wrap = h("div", {
    cls: "yc" + (config.style && config.style.position === "left" ? " left" : ""),
    lang: self.lang,
  });
  wrap.style.setProperty("--yc", color);
  wrap.style.setProperty("--ink", inkFor(color));
  self.wrap = wrap;

  self.badge = h("span", { cls: "badge", hidden: true, "aria-hidden": "true" });
  self.launcher = h(
    "button",
    {
      cls: "fab",
      
      label: w.open,
      "aria-expanded": "false",
      tid: "open",
      onclick: function () {
        self.unlockSound();
        if (self.isOpen) self.close();
        else self.open(true);
      },
    },
    [icon("chat", "ic-chat"), icon("close", "ic-close"), self.badge]
  );

  self.preview = h("button", {
    cls: "pv",
    
    hidden: true,
    onclick: function () {
      self.open(true);
    },
  });

  self.titleEl = h("div", { cls: "title", id: "yc-title", text: (config.inbox && config.inbox.name) || self.text("title") });
  self.dot = h("span", "dot");
  self.statusEl = h("span");
  self.menuEl = h("div", { cls: "menu", role: "menu", hidden: true });
  self.menuBtn = h(
    "button",
    {
      cls: "hbtn",
      
      label: w.menu,
      "aria-haspopup": "menu",
      "aria-expanded": "false",
      tid: "menu",
      onclick: function () {
        self.toggleMenu();
      },
    },
    [icon("dots", "dots")]
  );
  var head = h("div", "head", [
    h("div", { cls: "avatar", "aria-hidden": "true", text: initials((config.inbox && config.inbox.name) || self.text("title")) }),
    h("div", "who", [self.titleEl, h("div", "status", [self.dot, self.statusEl])]),
    self.menuBtn,
    h(
      "button",
      {
        cls: "hbtn",
        
        label: w.close,
        tid: "close",
        onclick: function () {
          self.close();
        },
      },
      [icon("down")]
    ),
    self.menuEl,
  ]);

  self.liveNote = h("div", { cls: "live-note", role: "status", hidden: true, text: w.reconnecting });
  self.introGreet = h("div", "greet");
  self.introSub = h("div", "sub");
  self.intro = h("div", "intro", [self.introGreet, self.introSub]);
  // The list is rebuilt on changes, so it is not a live region itself: new agent messages are
  // read out through the announcer below.
  self.log = h("div", { cls: "log", tid: "log" });
  self.cards = h("div", "cards");
  self.typingLabel = h("span");
  self.typingEl = h("div", { cls: "typing", hidden: true, tid: "typing" }, [
    h("span", { cls: "b", "aria-hidden": "true" }, [h("i"), h("i"), h("i")]),
    self.typingLabel,
  ]);
  self.body = h("div", "body", [self.intro, self.log, self.cards, self.typingEl]);
  self.noteEl = h("div", { cls: "note", role: "alert", hidden: true, tid: "note" });

  self.emojiPop = h("div", { cls: "emoji-pop", hidden: true, role: "group", label: w.emoji });
  EMOJIS.forEach(function (e) {
    self.emojiPop.appendChild(
      h("button", {
        
        text: e,
        label: e,
        onclick: function () {
          self.insert(e);
        },
      })
    );
  });

  self.input = h("textarea", {
    rows: "1",
    placeholder: w.placeholder,
    label: w.placeholder,
    maxlength: String((config.limits && config.limits.max_text) || 5000),
    tid: "input",
    oninput: function () {
      self.autosize();
      self.typing(!!self.input.value.trim());
    },
    onkeydown: function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        self.submit();
      }
    },
  });
  var types = (config.limits && config.limits.file_types) || ["image/*", "application/pdf"];
  self.fileInput = h("input", {
    type: "file",
    accept: types.join(","),
    hidden: true,
    tabindex: "-1",
    tid: "file",
    onchange: function () {
      var file = self.fileInput.files && self.fileInput.files[0];
      self.fileInput.value = "";
      if (file) self.upload(file);
    },
  });
  var features = config.features || {};
  self.emojiBtn = features.emoji === false
    ? null
    : h("button", { cls: "tool", label: w.emoji, "aria-expanded": "false", onclick: function () { self.toggleEmoji(); } }, [icon("smile")]);
  self.sendBtn = h("button", { cls: "tool send", type: "submit", label: w.send, tid: "send" }, [icon("send")]);
  self.composer = h(
    "form",
    {
      cls: "cmp",
      onsubmit: function (event) {
        event.preventDefault();
        self.submit();
      },
    },
    [
      self.input,
      self.emojiBtn,
      h("button", { cls: "tool", label: w.attach, onclick: function () { self.fileInput.click(); } }, [icon("clip")]),
      self.fileInput,
      self.sendBtn,
    ]
  );

  self.panel = h(
    "div",
    {
      cls: "panel",
      role: "dialog",
      "aria-labelledby": "yc-title",
      hidden: true,
      tid: "panel",
      onkeydown: function (event) {
        self.onKey(event);
      },
    },
    [head, self.liveNote, self.body, self.noteEl, self.emojiPop, self.composer]
  );
  self.announcer = h("div", { cls: "sr", role: "status", "aria-live": "polite" });
  wrap.appendChild(self.panel);
  wrap.appendChild(self.preview);
  wrap.appendChild(self.launcher);
  wrap.appendChild(self.announcer);
  root.appendChild(wrap);
  document.body.appendChild(self.host);
  self.renderAll();
};

P.renderAll = function () {
  var self = this;
  if (!self.wrap) return;
  self.renderHeader();
  self.renderList();
  self.renderCards();
  self.setBadge();
};

P.renderHeader = function () {
  var self = this;
  var w = self.words;
  self.dot.className = "dot" + (self.online ? " on" : "");
  self.statusEl.textContent = (self.online ? w.online : w.offline) + " · " + self.text("expected_reply");
  self.introGreet.textContent = self.text("greeting");
  self.introSub.textContent = self.online ? self.text("online") : self.text("offline");
  self.intro.className = "intro" + (self.online ? "" : " offline");
  self.panel.setAttribute("data-online", self.online ? "true" : "false");
};

P.dayLabel = function (date) {
  var today = new Date();
  var yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(date) === dayKey(today)) return this.words.today;
  if (dayKey(date) === dayKey(yesterday)) return this.words.yesterday;
  var opts = { day: "numeric", month: "long" };
  if (date.getFullYear() !== today.getFullYear()) opts.year = "numeric";
  return date.toLocaleDateString(this.lang === "tr" ? "tr-TR" : "en-GB", opts);
};

P.messageNode = function (m) {
  var self = this;
  var w = self.words;
  var mine = m.direction === "in";
  var bubble = h("div", "bubble");
  if (m.text) bubble.appendChild(linkify(m.text));
  var atts = m.attachments || [];
  for (var i = 0; i < atts.length; i++) bubble.appendChild(self.attachmentNode(atts[i]));
  var meta = h("div", "meta", [h("time", { datetime: m.created_at, text: hhmm(new Date(m.created_at)) })]);
  var tick = null;
  if (mine) {
    tick = h("span", "tick");
    meta.appendChild(tick);
  }
  var author = m.author || { name: (self.config.inbox && self.config.inbox.name) || w.someone };
  // An instant answer: "Did this solve it?" buttons, shown while it is the last message.
  var qr = m.bot
    ? h(
        "div",
        "qr",
        ["yes", "no"].map(function (fb) {
          return h("button", { type: "button", tid: "bot-" + fb, text: w[fb], onclick: function () { self.send(w[fb], fb); } });
        })
      )
    : null;
  var stack = h("div", "stack", [
    mine ? null : h("div", { cls: "name", text: author.name }),
    bubble,
    qr,
    meta,
  ]);
  var row = h(
    "div",
    { cls: "row " + (mine ? "in" : "out"), "data-id": String(m.id), tid: mine ? "message-in" : "message-out" },
    [mine ? null : h("div", { cls: "av", "aria-hidden": "true", text: author.avatar_initials || initials(author.name) }), stack]
  );
  row._qr = qr;
  row._tick = tick;
  row._author = mine ? "" : author.name;
  row._name = stack.firstChild;
  return row;
};

P.attachmentNode = function (a) {
  var self = this;
  var url = String(a.url || "");
  if (!/^https?:/i.test(url)) url = self.base + (url.charAt(0) === "/" ? "" : "/") + url;
  if (url.indexOf("v=") < 0 && self.api.token) url += (url.indexOf("?") < 0 ? "?" : "&") + "v=" + encodeURIComponent(self.api.token);
  var link = h("a", { cls: "att", href: url, target: "_blank", rel: "noopener noreferrer nofollow" });
  if (/^image\//.test(a.content_type || "")) {
    link.appendChild(h("img", { src: url, alt: a.filename || "", loading: "lazy" }));
  } else {
    link.className = "att file";
    link.appendChild(icon("file"));
    link.appendChild(h("span", null, [document.createTextNode(a.filename || "file"), h("small", { text: fileSize(a.size || 0, self.lang) })]));
  }
  return link;
};

P.renderList = function () {
  var self = this;
  if (!self.log) return;
  var body = self.body;
  var nearBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 80;
  var ids = Object.keys(self.messages)
    .map(Number)
    .sort(function (a, b) {
      return a - b;
    });
  var frag = document.createDocumentFragment();
  var lastDay = null;
  var lastAuthor = null;
  var w = self.words;
  var newest = null;
  for (var i = 0; i < ids.length; i++) {
    var m = self.messages[ids[i]];
    var date = new Date(m.created_at);
    if (dayKey(date) !== lastDay) {
      lastDay = dayKey(date);
      lastAuthor = null;
      frag.appendChild(h("div", { cls: "day", "aria-hidden": "true" }, [h("span", { text: self.dayLabel(date) })]));
    }
    var node = self.nodes[m.id];
    if (!node) {
      node = self.nodes[m.id] = self.messageNode(m);
      newest = node;
    }
    var key = m.direction === "in" ? "\u0000me" : node._author;
    node.classList.toggle("cont", key === lastAuthor);
    lastAuthor = key;
    if (node._tick) {
      var read = m.read || m.id <= self.readUpTo;
      node._tick.className = "tick" + (read ? " read" : "");
      node._tick.textContent = read ? "✓✓" : "✓";
      node._tick.setAttribute("aria-label", read ? w.read : w.sent);
      node._tick.setAttribute("data-state", read ? "read" : "sent");
    }
    if (node._qr) node._qr.hidden = i < ids.length - 1 || self.outbox.length > 0;
    frag.appendChild(node);
  }
  for (var j = 0; j < self.outbox.length; j++) {
    var item = self.outbox[j];
    var itemDate = new Date(item.at);
    if (dayKey(itemDate) !== lastDay) {
      lastDay = dayKey(itemDate);
      frag.appendChild(h("div", { cls: "day", "aria-hidden": "true" }, [h("span", { text: self.dayLabel(itemDate) })]));
    }
    var bubble = h("div", "bubble");
    bubble.appendChild(linkify(item.text));
    frag.appendChild(
      h("div", { cls: "row in pending", "data-client-id": item.client_id, tid: "message-pending" }, [
        h("div", "stack", [
          bubble,
          h("div", "meta", [h("time", { text: hhmm(itemDate) }), h("span", { cls: "tick", "data-state": "sending", label: w.sending, text: "◷" })]),
        ]),
      ])
    );
  }
  if (self.uploading) frag.appendChild(self.uploading);
  self.log.replaceChildren(frag);
  if (newest && newest._author && self.isOpen) self.announcer.textContent = newest._author + ": " + (newest.querySelector(".bubble").textContent || "").slice(0, 200);
  if (nearBottom || newest || self.outbox.length) body.scrollTop = body.scrollHeight;
  self.renderCards();
};

P.setLive = function (live) {
  this.live = live;
  if (this.panel) this.panel.setAttribute("data-live", live ? "on" : "off");
  var self = this;
  clearTimeout(self.liveTimer);
  // A short blip is not worth a banner; a real outage is.
  if (live) self.liveNote.hidden = true;
  else
    self.liveTimer = setTimeout(function () {
      if (!self.live) self.liveNote.hidden = false;
    }, 2500);
};

P.setBadge = function () {
  var self = this;
  if (!self.badge) return;
  self.badge.hidden = !self.unread;
  self.badge.textContent = self.unread > 9 ? "9+" : String(self.unread);
  self.launcher.setAttribute("aria-label", self.words.open + (self.unread ? " (" + self.unread + " " + self.words.new_message.toLocaleLowerCase(self.lang) + ")" : ""));
  if (!self.unread) self.preview.hidden = true;
};

P.showTyping = function (name) {
  var self = this;
  clearTimeout(self.typingHide);
  if (!self.typingEl) return;
  if (!name) {
    self.typingEl.hidden = true;
    return;
  }
  self.typingLabel.textContent = self.t("typing", { name: name });
  self.typingEl.hidden = false;
  self.body.scrollTop = self.body.scrollHeight;
  self.typingHide = setTimeout(function () {
    self.typingEl.hidden = true;
  }, 6000);
};

P.note = function (text, isError) {
  var self = this;
  if (!self.noteEl) return;
  self.noteEl.textContent = text;
  self.noteEl.className = "note" + (isError ? "" : " ok");
  self.noteEl.hidden = false;
  clearTimeout(self.noteTimer);
  self.noteTimer = setTimeout(function () {
    self.noteEl.hidden = true;
  }, 8000);
};

P.autosize = function () {
  this.input.style.height = "auto";
  this.input.style.height = Math.min(this.input.scrollHeight, 120) + "px";
};

P.insert = function (text) {
  var input = this.input;
  var start = input.selectionStart || input.value.length;
  var end = input.selectionEnd || start;
  input.value = input.value.slice(0, start) + text + input.value.slice(end);
  input.focus();
  input.selectionStart = input.selectionEnd = start + text.length;
  this.autosize();
};

P.toggleEmoji = function (force) {
  var self = this;
  var show = force === undefined ? self.emojiPop.hidden : force;
  self.emojiPop.hidden = !show;
  if (self.emojiBtn) self.emojiBtn.setAttribute("aria-expanded", show ? "true" : "false");
  if (show) self.emojiPop.firstChild.focus();
};

P.submit = function () {
  var self = this;
  if (self.input.disabled) return;
  if (self.send(self.input.value)) {
    self.input.value = "";
    self.autosize();
    self.toggleEmoji(false);
  }
  self.input.focus();
};
