// Talking to the yanit server: JSON over HTTP and one websocket with automatic reconnect.

function Api(base, key) {
  this.base = base;
  this.root = base + "/widget/v1/" + encodeURIComponent(key);
  this.token = null;
}

// Resolves to {status, data}; rejects only when the network itself failed.
Api.prototype.call = function (method, path, body, isForm) {
  var self = this;
  var headers = {};
  if (self.token) headers["X-Visitor-Token"] = self.token;
  var init = { method: method, headers: headers, mode: "cors", credentials: "omit" };
  if (body !== undefined) {
    if (isForm) init.body = body;
    else {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
  }
  return fetch(self.root + path, init).then(function (response) {
    return response
      .json()
      .catch(function () {
        return {};
      })
      .then(function (data) {
        return { status: response.status, data: data || {} };
      });
  });
};

function errorText(result, fallback) {
  var err = result && result.data && result.data.error;
  return (err && err.message) || fallback;
}

// The websocket: exponential backoff with jitter between attempts, a ping every 25 s, and a
// silent connection (no frame for 60 s) treated as dead. `onopen` runs on every (re)connect so
// the owner can resync and flush its outbox.
function Socket(url, handlers) {
  var self = this;
  self.url = url;
  self.handlers = handlers;
  self.ws = null;
  self.attempt = 0;
  self.timer = null;
  self.pinger = null;
  self.lastFrame = 0;
  self.stopped = false;
}

Socket.prototype.connect = function () {
  var self = this;
  if (self.stopped) return;
  clearTimeout(self.timer);
  var ws;
  try {
    ws = new WebSocket(self.url);
  } catch (e) {
    self.retry();
    return;
  }
  self.ws = ws;
  ws.onopen = function () {
    self.attempt = 0;
    self.lastFrame = Date.now();
    clearInterval(self.pinger);
    self.pinger = setInterval(function () {
      if (Date.now() - self.lastFrame > 60000) {
        ws.close();
        return;
      }
      self.send({ type: "ping" });
    }, 25000);
    self.handlers.open();
  };
  ws.onmessage = function (event) {
    self.lastFrame = Date.now();
    var frame;
    try {
      frame = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    self.handlers.frame(frame);
  };
  ws.onclose = function (event) {
    if (self.ws !== ws) return;
    self.ws = null;
    clearInterval(self.pinger);
    self.handlers.close(event.code);
    // 4401: the visitor token is unknown, 4403: this page's origin is not allowed, 4404: no such
    // widget. Retrying would not help; the owner decides what to do.
    if (event.code >= 4401 && event.code <= 4404) return;
    self.retry();
  };
};

Socket.prototype.retry = function () {
  var self = this;
  if (self.stopped) return;
  var ceiling = Math.min(30000, 500 * Math.pow(2, self.attempt));
  self.attempt = Math.min(self.attempt + 1, 10);
  var delay = ceiling / 2 + Math.random() * (ceiling / 2);
  clearTimeout(self.timer);
  self.timer = setTimeout(function () {
    self.connect();
  }, delay);
};

// After a long sleep (laptop lid, offline tab) try at once instead of waiting out the backoff.
Socket.prototype.nudge = function () {
  var self = this;
  if (!self.ws && !self.stopped) {
    self.attempt = 0;
    self.connect();
  }
};

Socket.prototype.isOpen = function () {
  return !!this.ws && this.ws.readyState === 1;
};

Socket.prototype.send = function (frame) {
  if (!this.isOpen()) return false;
  try {
    this.ws.send(JSON.stringify(frame));
    return true;
  } catch (e) {
    return false;
  }
};

Socket.prototype.stop = function () {
  var self = this;
  self.stopped = true;
  clearTimeout(self.timer);
  clearInterval(self.pinger);
  if (self.ws) self.ws.close();
  self.ws = null;
};
