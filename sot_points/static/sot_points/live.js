// Live SOT status: open pages get each change over a websocket, without reload. The page is
// complete without this script (server-rendered status and its age); it only keeps it fresh.
(function () {
  "use strict";
  var root = document.querySelector("[data-sot-live]");
  if (!root) { return; }
  var text = root.dataset;
  // The messages are in Swedish (encoded once for every socket); the page carries its visitor's
  // names for the status and capability codes (sot_points.live_state.client_labels).
  var labels = JSON.parse(text.i18nLabels || "{}");

  function statusLabel(point) {
    return (labels.status && labels.status[point.status]) || point.status_label;
  }

  function availableLabels(point) {
    return point.available_now.map(function (code, index) {
      return (labels.capabilities && labels.capabilities[code]) || point.available_labels[index];
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function setField(container, name, value) {
    var element = container.querySelector('[data-field="' + name + '"]');
    if (element) { element.textContent = value; }
    return element;
  }

  function showAge(container, point) {
    var element = container.querySelector('[data-field="age"]');
    if (!element) { return; }
    element.textContent = "";
    if (point.stale) {
      var strong = document.createElement("strong");
      strong.className = "sot-stale";
      strong.textContent = point.changed_at ? fill(text.i18nStale, {time: point.changed_at_local}) : text.i18nUnconfirmed;
      element.appendChild(strong);
    } else if (point.unconfirmed_after_disruption) {
      var mark = document.createElement("strong");
      mark.className = "sot-stale";
      mark.textContent = text.i18nUnconfirmedAfter;
      element.appendChild(mark);
      element.appendChild(document.createTextNode(" · " + fill(text.i18nUpdated, {time: point.changed_at_local})));
    } else if (point.changed_at) {
      element.textContent = fill(text.i18nUpdated, {time: point.changed_at_local});
    }
  }

  // Shows a point's status wherever the page lists it; true when it differs from what was shown.
  function showPoint(point) {
    var changed = false;
    document.querySelectorAll('[data-sot-point="' + point.id + '"]').forEach(function (container) {
      if (container.dataset.changedAt !== (point.changed_at || "")) { changed = true; }
      container.dataset.changedAt = point.changed_at || "";
      var badge = setField(container, "status_label", statusLabel(point));
      if (badge) { badge.className = "sot-badge sot-badge--" + point.status; }
      setField(container, "places", point.places_free !== null && point.places_total ?
        fill(text.i18nPlaces, {free: point.places_free, total: point.places_total}) : "");
      setField(container, "available", point.available_now.length ?
        text.i18nNow + ": " + availableLabels(point).join(", ") : "");
      setField(container, "message", point.message);
      showAge(container, point);
    });
    return changed;
  }

  // A polite live region (role="status"), present and visible from the start, so screen readers
  // announce what is written into it.
  var note = document.querySelector("[data-live-status]");
  function announce(message) {
    if (note) { note.textContent = message; }
  }

  function announceChange(point) {
    announce(fill(text.i18nChanged, {name: point.name, status: statusLabel(point)}));
  }

  // A disruption was declared, changed or ended since this page was made: load the page made
  // after it. The stamp in the address gives every visitor the same fresh copy from the page
  // cache, never one kept from before the change, and stops a second reload for the same change.
  function followDisruption(stamp) {
    var url = new URL(location.href);
    if (stamp === text.sotStamp || url.searchParams.get("storning") === stamp) { return false; }
    url.searchParams.set("storning", stamp);
    location.replace(url.toString());
    return true;
  }

  var delay = 1000;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/sot/");
    socket.onopen = function () { delay = 1000; announce(text.i18nLive); };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type === "point" && showPoint(data.point)) { announceChange(data.point); }
      if (data.type === "disruption") { followDisruption(data.stamp); }
      if (data.type === "state" && !followDisruption(data.stamp)) {
        // Sent on every (re)connect: changes made while this page was cached or offline.
        data.points.forEach(function (point) { if (showPoint(point)) { announceChange(point); } });
      }
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
      // Two decimals (about a kilometre): enough to sort by distance, and the position does not
      // end up exact in addresses, logs and the page cache (which also shares more pages).
      navigator.geolocation.getCurrentPosition(function (position) {
        var url = new URL(root.dataset.sotLive, location.href);
        url.searchParams.set("lat", position.coords.latitude.toFixed(2));
        url.searchParams.set("lon", position.coords.longitude.toFixed(2));
        location.href = url.toString();
      });
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(text.serviceWorker, {scope: text.serviceWorkerScope}).catch(function () {});
  }
}());
