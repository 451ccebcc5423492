// The agent's websocket on pages without a live view of their own (settings, reports): shares
// each frame as a "yanit:socket" event, like inbox.js, so the bell stays live everywhere.
(function () {
  "use strict";
  var attempts = 0, everConnected = false;

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/agent/");
    socket.addEventListener("open", function () {
      attempts = 0;
      document.body.dataset.live = "on";
      // Frames sent while we were away are lost: listeners fetch what they show again.
      if (everConnected) document.dispatchEvent(new CustomEvent("yanit:reconnected"));
      everConnected = true;
    });
    socket.addEventListener("message", function (e) {
      var msg;
      try { msg = JSON.parse(e.data); } catch (err) { return; }
      document.dispatchEvent(new CustomEvent("yanit:socket", { detail: msg }));
    });
    socket.addEventListener("close", function () {
      document.body.dataset.live = "off";
      var delay = Math.min(15000, 500 * Math.pow(2, attempts)) * (0.75 + Math.random() * 0.5);
      attempts += 1;
      setTimeout(connect, delay);
    });
  }
  connect();
})();
