// Live SOT status: open pages get each change over a websocket, without reload. The page is
// complete without this script (server-rendered status and its age); it only keeps it fresh.
(function () {
  "use strict";
  var root = document.querySelector("[data-sot-live]");
  if (!root) { return; }
  var text = root.dataset;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function setField(container, name, value) {
    var element = container.querySelector('[data-field="' + name + '"]');
    if (element) { element.textContent = value; }
    return element;
  }

  function showPoint(point) {
    var containers = document.querySelectorAll('[data-sot-point="' + point.id + '"]');
    containers.forEach(function (container) {
      var badge = setField(container, "status_label", point.status_label);
      if (badge) { badge.className = "sot-badge sot-badge--" + point.status; }
      setField(container, "places", point.places_free !== null && point.places_total ?
        fill(text.i18nPlaces, {free: point.places_free, total: point.places_total}) : "");
      setField(container, "available", point.available_labels.length ?
        text.i18nNow + ": " + point.available_labels.join(", ") : "");
      setField(container, "message", point.message);
      setField(container, "age", fill(text.i18nUpdated, {time: point.changed_at_local}));
    });
    announce(fill(text.i18nChanged, {name: point.name, status: point.status_label}));
  }

  var note = document.querySelector("[data-live-status]");
  function announce(message) {
    if (note) { note.hidden = false; note.textContent = message; }
  }

  var delay = 1000;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/sot/");
    socket.onopen = function () { delay = 1000; announce(text.i18nLive); };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type === "point") { showPoint(data.point); }
      if (data.type === "disruption") { location.reload(); }
    };
    socket.onclose = function () {
      // Reconnect with back-off: in an outage the network comes and goes.
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60000);
    };
  }
  if ("WebSocket" in window) { connect(); }

  var locate = document.querySelector("[data-sot-locate]");
  if (locate && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var url = new URL(root.dataset.sotLive, location.href);
        url.searchParams.set("lat", position.coords.latitude.toFixed(4));
        url.searchParams.set("lon", position.coords.longitude.toFixed(4));
        location.href = url.toString();
      });
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(text.serviceWorker, {scope: text.serviceWorkerScope}).catch(function () {});
  }
}());
