// Live conversations: the thread page shows arriving messages without a reload and sends replies over
// the websocket; every page with [data-ws-unread] keeps the unread count fresh. Without this script the
// pages work as plain forms and show new messages when reloaded (the page says so).
(function () {
  "use strict";

  function socketUrl(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  // Reconnects with back-off; a close with 4403 (no longer a participant) or 4404 is final.
  function keepOpen(path, onMessage, onState) {
    var delay = 1000;
    var current = null;
    function connect() {
      var socket = new WebSocket(socketUrl(path));
      current = socket;
      socket.onopen = function () { delay = 1000; if (onState) { onState(true); } };
      socket.onmessage = function (event) {
        var data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        onMessage(data, socket);
      };
      socket.onclose = function (event) {
        current = null;
        if (onState) { onState(false); }
        if (event.code === 4403 || event.code === 4404) { return; }
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 60000);
      };
    }
    connect();
    return function () { return current && current.readyState === WebSocket.OPEN ? current : null; };
  }

  function showUnread(count) {
    document.querySelectorAll("[data-mp-unread]").forEach(function (element) {
      element.textContent = String(count);
    });
  }

  var unreadRoot = document.querySelector("[data-ws-unread]");
  if (!("WebSocket" in window)) { return; }
  if (unreadRoot) {
    keepOpen(unreadRoot.dataset.wsUnread, function (data) {
      if (data.type === "unread") { showUnread(data.count); }
    });
  }

  var thread = document.querySelector("[data-mp-conversation]");
  if (!thread) { return; }
  var list = thread.querySelector("[data-mp-messages]");
  var status = thread.querySelector("[data-mp-live-status]");
  var form = document.querySelector("[data-mp-reply]");
  var text = thread.dataset;

  function say(message) { if (status) { status.textContent = message; } }

  function appendMessage(message) {
    if (document.getElementById("meddelande-" + message.id)) { return false; }
    var empty = list.querySelector("[data-mp-empty]");
    if (empty) { empty.remove(); }
    var item = document.createElement("li");
    item.className = "mp-message";
    item.id = "meddelande-" + message.id;
    var meta = document.createElement("p");
    meta.className = "mp-message__meta";
    var author = document.createElement("strong");
    author.textContent = message.author;
    var time = document.createElement("time");
    time.dateTime = message.created_at;
    time.textContent = message.created_at_local;
    meta.appendChild(author);
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(time);
    var body = document.createElement("div");
    body.className = "mp-message__body";
    message.body.split("\n").forEach(function (line, index) {
      if (index) { body.appendChild(document.createElement("br")); }
      body.appendChild(document.createTextNode(line));
    });
    item.appendChild(meta);
    item.appendChild(body);
    list.appendChild(item);
    return true;
  }

  var openSocket = keepOpen(text.wsPath, function (data, socket) {
    if (data.type === "message" && appendMessage(data.message) && document.visibilityState === "visible") {
      socket.send(JSON.stringify({type: "read"}));
    }
    if (data.type === "error" && data.messages) { say(data.messages.join(" ")); }
  }, function (open) { say(open ? text.i18nLive : text.i18nOffline); });

  if (form) {
    form.addEventListener("submit", function (event) {
      var socket = openSocket();
      var field = form.querySelector("textarea");
      if (!socket || !field || !field.value.trim()) { return; } // the plain POST shows the error next to the field
      event.preventDefault();
      socket.send(JSON.stringify({type: "message", body: field.value}));
      field.value = "";
      say(text.i18nSent);
      field.focus();
    });
  }
}());
