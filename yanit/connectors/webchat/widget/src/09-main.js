// Boot: find our <script> tag, start the widget, expose the small window.Yanit API.

var script =
  document.currentScript ||
  document.querySelector("script[data-inbox][src*='widget']");
var widgetKey = script && script.getAttribute("data-inbox");

if (widgetKey && !window.Yanit) {
  var base = new URL(script.src, location.href).origin;
  var widget = new Widget(widgetKey, base);
  var ready = false;
  var pending = [];
  var when = function (fn) {
    if (ready) fn();
    else pending.push(fn);
  };

  window.Yanit = {
    open: function () {
      when(function () {
        widget.open(true);
      });
    },
    close: function () {
      when(function () {
        widget.close();
      });
    },
    // identify({id, name, email, ts, signature}): the store's logged-in customer, signed on
    // the store's server with the inbox's identity secret (see the installation guide).
    identify: function (identity) {
      widget.identity = identity;
      return new Promise(function (resolve, reject) {
        when(function () {
          widget.session = null;
          widget.ensureSession().then(resolve, reject);
        });
      });
    },
  };
  if (window.YanitIdentity) widget.identity = window.YanitIdentity;

  var boot = function () {
    widget.start().then(
      function () {
        ready = true;
        pending.splice(0).forEach(function (fn) {
          fn();
        });
        window.dispatchEvent(new CustomEvent("yanit:ready"));
      },
      function (error) {
        if (window.console) console.warn(error && error.message);
      }
    );
  };
  if (document.body) boot();
  else document.addEventListener("DOMContentLoaded", boot);

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) return;
    widget.markRead();
    if (widget.socket) widget.socket.nudge();
  });
  window.addEventListener("online", function () {
    if (widget.socket) widget.socket.nudge();
    widget.flush();
  });
}
