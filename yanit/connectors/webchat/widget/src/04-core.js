// The conversation state: session, messages by id, the outbox of unacknowledged messages and
// the websocket. Rendering lives in the view files; this part only decides what is true.

function Widget(key, base) {
  var self = this;
  self.key = key;
  self.base = base;
  self.api = new Api(base, key);
  self.store = new Store("yanit:" + key + ":");
  self.lang = pageLanguage();
  self.words = wordsFor(self.lang);
  self.config = null;
  self.visitor = { name: "", email: "" };
  self.messages = {};
  self.nodes = {};
  self.outbox = self.store.get("outbox", []);
  self.lastId = 0;
  self.readUpTo = 0;
  self.seenId = self.store.get("seen", 0);
  self.unread = 0;
  self.status = null;
  self.rated = false;
  self.online = true;
  self.isOpen = false;
  self.session = null;
  self.socket = null;
  self.identity = null;
  self.ticker = null;
  self.loaded = false;
}
var P = Widget.prototype;

P.t = function (word, values) {
  return fill(this.words[word] || word, values);
};

// A text the store configures (the server sends it in the page's language).
P.text = function (name) {
  return ((this.config && this.config.texts) || {})[name] || "";
};

P.token = function () {
  try {
    return window.localStorage.getItem(this.store.prefix + "visitor") || this.store.memory.visitor || null;
  } catch (e) {
    return this.store.memory.visitor || null;
  }
};

P.setToken = function (token) {
  this.store.memory.visitor = token;
  this.api.token = token;
  try {
    window.localStorage.setItem(this.store.prefix + "visitor", token);
  } catch (e) {
    /* memory only */
  }
};

P.start = function () {
  var self = this;
  self.api.token = self.token();
  return self.api.call("GET", "/config?lang=" + self.lang).then(function (result) {
    if (result.status !== 200) throw new Error("yanit widget: " + errorText(result, "config " + result.status));
    self.config = result.data;
    if (result.data.language === "tr" || result.data.language === "en") {
      self.lang = result.data.language;
      self.words = wordsFor(self.lang);
    }
    self.online = result.data.online !== false;
    self.build();
    // A returning visitor (or one with unsent messages) gets the history and the live socket
    // at once; a new one only when the panel is opened, so page views create no visitors.
    if (self.api.token || self.outbox.length || self.identity) self.ensureSession();
    if (self.store.get("open", false)) self.open(false);
  });
};

P.ensureSession = function (extra) {
  var self = this;
  if (self.session && !extra) return self.session;
  var body = { language: self.lang, page_url: String(location.href).slice(0, 500), page_title: document.title.slice(0, 200) };
  if (self.api.token) body.visitor_token = self.api.token;
  if (self.identity) body.identity = self.identity;
  if (extra) for (var k in extra) body[k] = extra[k];
  var promise = self.api.call("POST", "/session", body).then(function (result) {
    if (result.status === 401 && body.visitor_token) {
      // The server forgot this visitor (data reset): start afresh with a new token.
      self.api.token = null;
      self.session = null;
      return self.ensureSession(extra);
    }
    if (result.status === 422 && body.identity) {
      // A bad or stale signature must not lock the visitor out: chat on as a guest.
      if (window.console) console.warn("yanit: " + errorText(result, "signature rejected"));
      self.identity = null;
      self.session = null;
      return self.ensureSession(extra);
    }
    if (result.status !== 200 && result.status !== 201) {
      self.session = null;
      self.note(errorText(result, self.t("failed")), true);
      throw new Error("yanit: session " + result.status);
    }
    var data = result.data;
    self.setToken(data.visitor_token);
    self.visitor = data.visitor || self.visitor;
    self.status = data.status || null;
    self.rated = !!data.rated;
    if (data.online !== undefined) self.online = !!data.online;
    self.merge(data.messages || [], true);
    self.loaded = true;
    self.renderAll();
    self.connect();
    self.flush();
    return data;
  });
  promise.catch(function () {
    self.session = null;
  });
  self.session = promise;
  return promise;
};

P.connect = function () {
  var self = this;
  if (self.socket) {
    self.socket.nudge();
    return;
  }
  var url =
    self.base.replace(/^http/, "ws") +
    "/ws/widget/" +
    encodeURIComponent(self.key) +
    "/?v=" +
    encodeURIComponent(self.api.token);
  self.socket = new Socket(url, {
    open: function () {
      self.setLive(true);
      self.socket.send({ type: "sync", after: self.lastId });
      for (var i = 0; i < self.outbox.length; i++) self.outbox[i].sentAt = 0;
      self.flush();
      self.markRead();
    },
    close: function (code) {
      self.setLive(false);
      if (code === 4401) {
        // Unknown visitor: get a fresh session (and token), then a new socket.
        self.socket.stop();
        self.socket = null;
        self.session = null;
        self.api.token = null;
        self.ensureSession();
      }
    },
    frame: function (frame) {
      self.onFrame(frame);
    },
  });
  self.socket.connect();
};

P.onFrame = function (frame) {
  var self = this;
  if (frame.type === "ack" && frame.message) self.merge([frame.message]);
  else if (frame.type === "message" && frame.message) self.merge([frame.message]);
  else if (frame.type === "messages") self.merge(frame.messages || []);
  else if (frame.type === "typing") self.showTyping(frame.state ? frame.name || self.t("someone") : null);
  else if (frame.type === "read") {
    self.readUpTo = Math.max(self.readUpTo, frame.up_to || 0);
    self.renderList();
  } else if (frame.type === "status") {
    if (frame.online !== undefined) self.online = !!frame.online;
    if (frame.conversation_status) self.status = frame.conversation_status;
    self.renderHeader();
    self.renderList();
  } else if (frame.type === "error") self.refused(frame);
};

// An error frame about one of our messages: rate limited means "later, same client_id";
// anything else (too long, …) will never pass, so it leaves the outbox with the reason shown.
P.refused = function (frame) {
  var item = null;
  for (var i = 0; i < this.outbox.length; i++) if (this.outbox[i].client_id === frame.client_id) item = this.outbox[i];
  if (item && frame.code === "rate_limited") item.sentAt = Date.now() + (frame.retry_after || 5) * 1000 - 8000;
  else if (item) {
    this.settle(item.client_id);
    this.renderList();
  }
  this.note(frame.message || this.t("failed"), true);
};

// Messages from any source (session, sync, ack, live frame, HTTP reply) pass through here: the
// id makes them idempotent and the client_id settles the matching outbox entry.
P.merge = function (list, initial) {
  var self = this;
  var fresh = [];
  for (var i = 0; i < list.length; i++) {
    var m = list[i];
    if (!m || typeof m.id !== "number") continue;
    var known = self.messages[m.id];
    self.messages[m.id] = m;
    if (known) delete self.nodes[m.id];
    self.lastId = Math.max(self.lastId, m.id);
    if (m.direction === "in" && m.read) self.readUpTo = Math.max(self.readUpTo, m.id);
    if (m.client_id) self.settle(m.client_id);
    if (!known && m.direction === "out") fresh.push(m);
  }
  if (fresh.length) {
    self.showTyping(null);
    var unseen = 0;
    for (var j = 0; j < fresh.length; j++) if (fresh[j].id > self.seenId) unseen++;
    if (unseen && !(self.isOpen && !document.hidden)) {
      self.unread += unseen;
      if (!initial) self.notify(fresh[fresh.length - 1]);
    }
  }
  self.renderList();
  self.setBadge();
  self.markRead();
};

P.settle = function (clientId) {
  var self = this;
  for (var i = 0; i < self.outbox.length; i++) {
    if (self.outbox[i].client_id === clientId) {
      self.outbox.splice(i, 1);
      self.saveOutbox();
      return;
    }
  }
};

P.saveOutbox = function () {
  var plain = [];
  for (var i = 0; i < this.outbox.length; i++) {
    var item = this.outbox[i];
    plain.push({ client_id: item.client_id, text: item.text, at: item.at, fb: item.fb });
  }
  this.store.set("outbox", plain);
};

// ``fb``: "yes" / "no" when the visitor clicked an instant answer's button.
P.send = function (text, fb) {
  var self = this;
  text = String(text || "").replace(/\s+$/, "");
  if (!text.trim()) return false;
  var max = (self.config.limits && self.config.limits.max_text) || 5000;
  if (text.length > max) {
    self.note(self.t("too_long", { n: max }), true);
    return false;
  }
  self.outbox.push({ client_id: uuid4(), text: text, at: new Date().toISOString(), fb: fb });
  self.saveOutbox();
  self.typing(false);
  self.renderList();
  self.flush();
  self.afterFirstMessage();
  return true;
};

// Sends every unacknowledged message: over the socket when it is up, otherwise (or when the
// socket's ack is late) through the HTTP endpoint. The server stores each client_id once, so
// sending twice is harmless while losing one is not.
P.flush = function () {
  var self = this;
  if (!self.outbox.length) {
    clearInterval(self.ticker);
    self.ticker = null;
    return;
  }
  if (!self.ticker) {
    self.ticker = setInterval(function () {
      self.flush();
    }, 4000);
  }
  if (!self.api.token) {
    self.ensureSession();
    return;
  }
  var now = Date.now();
  for (var i = 0; i < self.outbox.length; i++) {
    var item = self.outbox[i];
    if (item.busy) continue;
    if (self.socket && self.socket.isOpen() && (!item.sentAt || now - item.sentAt < 8000)) {
      if (!item.sentAt && self.socket.send({ type: "message", client_id: item.client_id, text: item.text, bot_feedback: item.fb }))
        item.sentAt = now;
      if (item.sentAt) continue;
    }
    self.post(item);
  }
};

P.post = function (item) {
  var self = this;
  item.busy = true;
  self.api
    .call("POST", "/messages", { client_id: item.client_id, text: item.text, bot_feedback: item.fb })
    .then(
      function (result) {
        item.busy = false;
        item.sentAt = Date.now();
        if ((result.status === 200 || result.status === 201) && result.data.message) {
          self.merge([result.data.message]);
        } else if (result.status >= 400 && result.status < 500 && result.status !== 429 && result.status !== 401) {
          // Refused for good (too long, not allowed): say so instead of retrying forever.
          self.settle(item.client_id);
          self.renderList();
          self.note(errorText(result, self.t("failed")), true);
        }
      },
      function () {
        item.busy = false;
      }
    );
};

P.markRead = function () {
  var self = this;
  if (!self.isOpen || document.hidden) return;
  var top = 0;
  for (var id in self.messages) if (self.messages[id].direction === "out") top = Math.max(top, +id);
  if (top > self.seenId) {
    self.seenId = top;
    self.store.set("seen", top);
  }
  if (top && self.socket && self.sentRead !== top && self.socket.send({ type: "read", up_to: top })) {
    self.sentRead = top;
  }
  if (self.unread) {
    self.unread = 0;
    self.setBadge();
  }
  self.stopFlash();
};

var typingTimer = null;
P.typing = function (state) {
  var self = this;
  var now = Date.now();
  clearTimeout(typingTimer);
  if (state) {
    typingTimer = setTimeout(function () {
      self.typing(false);
    }, 4000);
    if (self.typingSent && now - self.typingSent < 2000) return;
    self.typingSent = now;
  } else {
    if (!self.typingSent) return;
    self.typingSent = 0;
  }
  if (self.socket) self.socket.send({ type: "typing", state: !!state });
};
