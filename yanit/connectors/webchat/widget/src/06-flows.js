// Opening and closing, keyboard, the cards shown inside the conversation (pre-chat form,
// offline email, rating, transcript), uploads and the new-message notice.

P.open = function (focus) {
  var self = this;
  self.isOpen = true;
  self.store.set("open", true);
  self.panel.hidden = false;
  self.preview.hidden = true;
  self.wrap.classList.add("open");
  self.launcher.setAttribute("aria-expanded", "true");
  if (!self.api.token && !self.needsPrechat()) self.ensureSession().catch(function () {});
  self.renderAll();
  self.body.scrollTop = self.body.scrollHeight;
  self.markRead();
  if (focus) {
    var first = self.cards.querySelector("input");
    (first || self.input).focus();
  }
};

P.close = function () {
  var self = this;
  self.isOpen = false;
  self.store.set("open", false);
  self.panel.hidden = true;
  self.wrap.classList.remove("open");
  self.launcher.setAttribute("aria-expanded", "false");
  self.toggleMenu(false);
  self.typing(false);
  self.launcher.focus();
};

P.focusables = function () {
  var all = this.panel.querySelectorAll("button, textarea, input:not([type=file]), a[href], [tabindex]:not([tabindex='-1'])");
  var out = [];
  for (var i = 0; i < all.length; i++) {
    var el = all[i];
    if (!el.disabled && el.offsetParent !== null) out.push(el);
  }
  return out;
};

// Esc closes (the menu or emoji first); Tab stays inside the open panel.
P.onKey = function (event) {
  var self = this;
  if (event.key === "Escape") {
    event.stopPropagation();
    if (!self.menuEl.hidden) {
      self.toggleMenu(false);
      self.menuBtn.focus();
    } else if (!self.emojiPop.hidden) {
      self.toggleEmoji(false);
      self.input.focus();
    } else self.close();
    return;
  }
  if (event.key !== "Tab") return;
  var items = self.focusables();
  if (!items.length) return;
  var active = self.root.activeElement;
  var first = items[0];
  var last = items[items.length - 1];
  if (event.shiftKey && (active === first || items.indexOf(active) < 0)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || items.indexOf(active) < 0)) {
    event.preventDefault();
    first.focus();
  }
};

P.toggleMenu = function (force) {
  var self = this;
  var show = force === undefined ? self.menuEl.hidden : force;
  self.menuEl.hidden = !show;
  self.menuBtn.setAttribute("aria-expanded", show ? "true" : "false");
  if (!show) return;
  var features = self.config.features || {};
  var items = [];
  if (features.transcript !== false)
    items.push(h("button", { role: "menuitem", tid: "menu-transcript", onclick: function () { self.toggleMenu(false); self.card = "transcript"; self.renderCards(true); } }, [icon("mail"), h("span", { text: self.words.transcript })]));
  if (features.rating !== false)
    items.push(h("button", { role: "menuitem", tid: "menu-rate", onclick: function () { self.toggleMenu(false); self.card = "rating"; self.renderCards(true); } }, [icon("star"), h("span", { text: self.words.rate })]));
  self.menuEl.replaceChildren.apply(self.menuEl, items);
  if (items.length) items[0].focus();
};

P.needsPrechat = function () {
  var self = this;
  var pre = self.config.prechat || {};
  if (!pre.mode || pre.mode === "off" || self.prechatDone || self.store.get("prechat", false)) return false;
  if (self.visitor.email || self.visitor.name || self.lastId || self.outbox.length) return false;
  return true;
};

function field(label, input) {
  return h("label", "field", [h("span", { text: label }), input]);
}

function validEmail(value) {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

function input(type, tid, auto, value) {
  return h("input", { type: type, tid: tid, autocomplete: auto, maxlength: type === "email" ? "254" : "200", value: value || null });
}

// A card with a few inputs, an error line and buttons. `action(values, done)` runs on submit
// once the email (if any) looks right; `done(error)` re-enables the button and shows the error.
P.formCard = function (tid, intro, inputs, label, action, extra) {
  var w = this.words;
  var error = h("div", { cls: "err", role: "alert" });
  var button = h("button", { cls: "btn", type: "submit", text: label });
  var rows = [h("p", { text: intro })];
  for (var name in inputs) rows.push(field(w[name], inputs[name]));
  rows.push(error, h("div", "btns", [button, extra]));
  return h(
    "form",
    {
      cls: "card",
      tid: tid,
      novalidate: true,
      onsubmit: function (event) {
        event.preventDefault();
        var values = {};
        for (var key in inputs) values[key] = inputs[key].value.trim();
        if (values.email && !validEmail(values.email)) {
          error.textContent = w.bad_email;
          return;
        }
        error.textContent = "";
        button.disabled = true;
        action(values, function (message) {
          button.disabled = false;
          error.textContent = message || "";
        });
      },
    },
    rows
  );
};

// The cards below the messages: at most one at a time, chosen from the state.
P.renderCards = function (focus) {
  var self = this;
  if (!self.cards) return;
  var want = null;
  var features = self.config.features || {};
  if (self.needsPrechat()) want = "prechat";
  else if (self.card) want = self.card;
  else if (self.status === "resolved" && !self.rated && features.rating !== false && self.lastId) want = "rating";
  else if (self.askEmail && !self.visitor.email) want = "email";
  var required = want === "prechat" && self.config.prechat.mode === "required";
  self.input.disabled = required;
  self.sendBtn.disabled = required;
  if (want === self.shownCard) return;
  self.shownCard = want;
  var node = want ? this[want + "Card"]() : null;
  self.cards.replaceChildren();
  if (node) {
    self.cards.appendChild(node);
    self.body.scrollTop = self.body.scrollHeight;
    var input = focus && node.querySelector("input, button");
    if (input) input.focus();
  }
};

P.closeCard = function () {
  this.card = null;
  this.renderCards();
};

P.prechatCard = function () {
  var self = this;
  var w = self.words;
  var pre = self.config.prechat;
  var wanted = pre.fields || ["name", "email"];
  var required = pre.mode === "required";
  var inputs = {};
  if (wanted.indexOf("name") >= 0) inputs.name = input("text", "prechat-name", "name");
  if (wanted.indexOf("email") >= 0) inputs.email = input("email", "prechat-email", "email");
  var finish = function () {
    self.prechatDone = true;
    self.store.set("prechat", true);
    self.renderCards();
    self.input.focus();
  };
  var skip = required
    ? null
    : h("button", {
        cls: "btn ghost",
        
        text: w.skip,
        onclick: function () {
          self.ensureSession().catch(function () {});
          finish();
        },
      });
  return self.formCard("prechat", self.text("prechat_intro"), inputs, w.start, function (values, done) {
    for (var key in values) if (required && !values[key]) return done(w.required);
    self.ensureSession(values).then(finish, function () {
      done(w.failed);
    });
  }, skip);
};

// Offline: after the first message, ask where the answer should go.
P.afterFirstMessage = function () {
  var self = this;
  if (!self.online && !self.visitor.email) {
    self.askEmail = true;
    self.renderCards();
  }
};

P.emailCard = function () {
  var self = this;
  var w = self.words;
  var inputs = { email: input("email", "offline-email", "email") };
  return self.formCard("offline", self.text("offline_ask_email"), inputs, w.save, function (values, done) {
    if (!values.email) return done(w.bad_email);
    self.api.call("POST", "/contact", { email: values.email, name: self.visitor.name || undefined }).then(
      function (result) {
        if (result.status !== 200) return done(errorText(result, w.failed));
        self.visitor = result.data.visitor || { name: self.visitor.name, email: values.email };
        self.askEmail = false;
        self.renderCards();
        self.note(self.t("saved", { email: values.email }), false);
      },
      function () {
        done(w.failed);
      }
    );
  });
};

P.transcriptCard = function () {
  var self = this;
  var w = self.words;
  var inputs = { email: input("email", "transcript-email", "email", self.visitor.email) };
  var cancel = h("button", { cls: "btn ghost", text: w.close, onclick: function () { self.closeCard(); } });
  return self.formCard("transcript", w.transcript, inputs, w.send, function (values, done) {
    if (!values.email) return done(w.bad_email);
    self.ensureSession()
      .then(function () {
        return self.api.call("POST", "/transcript", { email: values.email });
      })
      .then(
        function (result) {
          if (result.status !== 202 && result.status !== 200) return done(errorText(result, w.failed));
          self.closeCard();
          self.note(self.t("transcript_sent", { email: result.data.sent_to || values.email }), false);
        },
        function () {
          done(w.failed);
        }
      );
  }, cancel);
};

P.ratingCard = function () {
  var self = this;
  var w = self.words;
  var chosen = 0;
  var stars = h("div", { cls: "stars", role: "radiogroup", label: w.rate_ask });
  var comment = h("textarea", { rows: "2", maxlength: "2000", placeholder: w.rate_comment, label: w.rate_comment, tid: "rating-comment" });
  var error = h("div", { cls: "err", role: "alert" });
  var button = h("button", { cls: "btn", type: "submit", text: w.send, disabled: true, tid: "rating-send" });
  function paint() {
    for (var i = 0; i < stars.children.length; i++) {
      stars.children[i].classList.toggle("on", i < chosen);
      stars.children[i].setAttribute("aria-checked", i + 1 === chosen ? "true" : "false");
    }
    button.disabled = !chosen;
  }
  [1, 2, 3, 4, 5].forEach(function (n) {
    stars.appendChild(
      h("button", { role: "radio", label: self.t("stars", { n: n }), "data-star": String(n), onclick: function () { chosen = n; paint(); } }, [icon("star")])
    );
  });
  var card = h(
    "form",
    {
      cls: "card",
      tid: "rating",
      onsubmit: function (event) {
        event.preventDefault();
        if (!chosen) return;
        button.disabled = true;
        self.api.call("POST", "/rating", { rating: chosen, comment: comment.value.trim() }).then(
          function (result) {
            if (result.status !== 200) {
              button.disabled = false;
              error.textContent = errorText(result, w.failed);
              return;
            }
            self.rated = true;
            self.card = "thanks";
            self.renderCards();
          },
          function () {
            button.disabled = false;
            error.textContent = w.failed;
          }
        );
      },
    },
    [h("p", { text: w.rate_ask }), stars, comment, error, h("div", "btns", [button])]
  );
  return card;
};

P.thanksCard = function () {
  return h("div", "card", [h("p", { cls: "done", tid: "rating-done", text: this.words.rate_thanks })]);
};

P.upload = function (file) {
  var self = this;
  var w = self.words;
  var limits = self.config.limits || {};
  var max = limits.max_file_bytes || 10485760;
  var types = limits.file_types || ["image/*", "application/pdf"];
  var typeOk = types.some(function (pattern) {
    return pattern.slice(-2) === "/*" ? (file.type || "").indexOf(pattern.slice(0, -1)) === 0 : file.type === pattern;
  });
  if (!typeOk) return self.note(w.bad_type, true);
  if (file.size > max) return self.note(self.t("too_big", { size: fileSize(max, self.lang) }), true);
  var text = self.input.value.trim();
  self.ensureSession().then(function () {
    var form = new FormData();
    form.append("file", file);
    form.append("client_id", uuid4());
    if (text) form.append("text", text);
    self.uploading = h("div", { cls: "row in pending", tid: "uploading" }, [
      h("div", "stack", [h("div", { cls: "bubble", text: file.name + " — " + w.uploading })]),
    ]);
    self.renderList();
    return self.api.call("POST", "/upload", form, true).then(
      function (result) {
        self.uploading = null;
        if (result.status === 201 || result.status === 200) {
          if (text && self.input.value.trim() === text) self.input.value = "";
          self.merge([result.data.message]);
          self.afterFirstMessage();
        } else {
          self.renderList();
          self.note(errorText(result, w.failed), true);
        }
      },
      function () {
        self.uploading = null;
        self.renderList();
        self.note(w.failed, true);
      }
    );
  });
};

// New agent message while the panel is closed or the tab is hidden: badge, a preview next to
// the launcher, the tab title flashing "(1) Yeni mesaj" and a short two-note chime.
P.notify = function (message) {
  var self = this;
  if (!self.isOpen && message.text) {
    var author = (message.author && message.author.name) || (self.config.inbox && self.config.inbox.name) || "";
    self.preview.replaceChildren(
      h("div", { cls: "av", "aria-hidden": "true", text: initials(author) }),
      h("div", null, [h("div", { cls: "pvn", text: author }), h("div", { cls: "pvt", text: message.text })])
    );
    self.preview.hidden = false;
  }
  self.flashTitle();
  self.chime();
};

var originalTitle = null;
var flashTimer = null;
P.flashTitle = function () {
  var self = this;
  if (flashTimer) return;
  originalTitle = document.title;
  var on = false;
  var tick = function () {
    on = !on;
    document.title = on ? "(" + self.unread + ") " + self.words.new_message : originalTitle;
  };
  tick();
  flashTimer = setInterval(tick, 1200);
};

P.stopFlash = function () {
  if (!flashTimer) return;
  clearInterval(flashTimer);
  flashTimer = null;
  document.title = originalTitle;
};

// Browsers only let a page make sound after a user gesture: the audio context is created on
// the first click on the launcher and reused afterwards.
P.unlockSound = function () {
  var Ctx = window.AudioContext || window.webkitAudioContext;
  if (!this.audio && Ctx) {
    try {
      this.audio = new Ctx();
    } catch (e) {
      this.audio = null;
    }
  }
};

P.chime = function () {
  var ctx = this.audio;
  if (!ctx) return;
  try {
    if (ctx.state === "suspended") ctx.resume();
    var now = ctx.currentTime;
    [880, 1320].forEach(function (freq, i) {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      var start = now + i * 0.13;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.12, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.26);
    });
    this.chimed = (this.chimed || 0) + 1;
  } catch (e) {
    /* no sound is fine */
  }
};
