// Small helpers shared by the other parts. Everything the widget shows is built with
// createElement + textContent: message data never goes through innerHTML.

var SVG_NS = "http://www.w3.org/2000/svg";

// h("div", {cls: "row", text: "…", onclick: fn}, [children]); a string instead of the props
// object is the class name.
function h(tag, props, children) {
  var node = document.createElement(tag);
  if (typeof props === "string") props = { cls: props };
  if (props) {
    for (var key in props) {
      var value = props[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "cls") node.className = value;
      else if (key === "tid") node.setAttribute("data-testid", value);
      else if (key === "label") node.setAttribute("aria-label", value);
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
  }
  if (tag === "button" && !(props && props.type)) node.type = "button";
  if (children) {
    for (var i = 0; i < children.length; i++) {
      if (children[i]) node.appendChild(children[i]);
    }
  }
  return node;
}

// Icons are fixed path data written here, never data from the network.
var ICONS = {
  chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
  close: "M6 6l12 12M18 6L6 18",
  down: "M6 9l6 6 6-6",
  send: "M3 11.5L21 3l-8.5 18-2.2-7.3z",
  clip: "M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9",
  smile: "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM8 14s1.5 2 4 2 4-2 4-2M9 9h.01M15 9h.01",
  dots: "M5 12h.01M12 12h.01M19 12h.01",
  mail: "M4 6h16v12H4zM4 7l8 6 8-6",
  star: "M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z",
  file: "M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8zM14 3v5h5",
  back: "M15 18l-6-6 6-6",
};

function icon(name, cls) {
  var svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "ic " + (cls || ""));
  var path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.appendChild(path);
  return svg;
}

function uuid4() {
  var c = window.crypto;
  if (c && c.randomUUID) return c.randomUUID();
  var b = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(b);
  else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  var hex = "";
  for (var j = 0; j < 16; j++) {
    hex += (b[j] + 256).toString(16).slice(1);
    if (j === 3 || j === 5 || j === 7 || j === 9) hex += "-";
  }
  return hex;
}

// localStorage may be missing or full (private mode, quota): the widget keeps working in memory.
function Store(prefix) {
  this.prefix = prefix;
  this.memory = {};
}
Store.prototype.get = function (key, fallback) {
  var raw = null;
  try {
    raw = window.localStorage.getItem(this.prefix + key);
  } catch (e) {
    raw = this.memory[key] === undefined ? null : this.memory[key];
  }
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw);
  } catch (e) {
    return fallback;
  }
};
Store.prototype.set = function (key, value) {
  var raw = JSON.stringify(value);
  this.memory[key] = raw;
  try {
    window.localStorage.setItem(this.prefix + key, raw);
  } catch (e) {
    /* kept in memory only */
  }
};

function pad2(n) {
  return (n < 10 ? "0" : "") + n;
}

function hhmm(date) {
  return pad2(date.getHours()) + ":" + pad2(date.getMinutes());
}

function dayKey(date) {
  return date.getFullYear() + "-" + date.getMonth() + "-" + date.getDate();
}

function fileSize(bytes, lang) {
  var mb = bytes >= 1048576;
  var text = (bytes / (mb ? 1048576 : 1024)).toFixed(1).replace(/\.0$/, "");
  return (lang === "tr" ? text.replace(".", ",") : text) + (mb ? " MB" : " KB");
}

// Plain text in, text nodes and http(s) links out: nothing else becomes markup.
var URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

function linkify(text) {
  var frag = document.createDocumentFragment();
  var last = 0;
  var match;
  URL_RE.lastIndex = 0;
  while ((match = URL_RE.exec(text))) {
    var url = match[0].replace(/[.,;:!?)\]]+$/, "");
    if (match.index > last) frag.appendChild(document.createTextNode(text.slice(last, match.index)));
    frag.appendChild(
      h("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow", text: url })
    );
    last = match.index + url.length;
    URL_RE.lastIndex = last;
  }
  if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
  return frag;
}

function initials(name) {
  var parts = String(name || "").trim().split(/\s+/);
  var out = (parts[0] || "").charAt(0) + (parts.length > 1 ? parts[parts.length - 1].charAt(0) : "");
  return out.toLocaleUpperCase("tr") || "?";
}

// Only a plain #rgb / #rrggbb colour from the settings reaches the style sheet.
function safeColor(value) {
  return /^#([0-9a-f]{3}){1,2}$/i.test(value || "") ? value : "#0f766e";
}

function inkFor(hex) {
  var v = hex.slice(1);
  if (v.length === 3) v = v[0] + v[0] + v[1] + v[1] + v[2] + v[2];
  var r = parseInt(v.slice(0, 2), 16);
  var g = parseInt(v.slice(2, 4), 16);
  var b = parseInt(v.slice(4, 6), 16);
  return 0.299 * r + 0.587 * g + 0.114 * b > 170 ? "#111827" : "#ffffff";
}
