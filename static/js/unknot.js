// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Sign-up: send the browser's time zone so "today" is the patient's own day.
  function fillTimeZone(root) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    root.querySelectorAll('input[type="hidden"][name="time_zone"]').forEach(function (input) {
      if (!input.value && zone) input.value = zone;
    });
  }

  // Profile: offer the device's own time zone first, in its own group at the top.
  // The saved choice stays selected; without JavaScript the list is just by region.
  function offerDeviceZone(root) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    root.querySelectorAll("select[data-device-zone-label]").forEach(function (select) {
      var option = Array.prototype.find.call(select.options, function (each) {
        return each.value === zone;
      });
      if (!option) return;
      var group = document.createElement("optgroup");
      group.label = select.getAttribute("data-device-zone-label");
      var selected = select.value;
      group.appendChild(option);
      select.insertBefore(group, select.firstChild);
      select.value = selected;
    });
  }

  // Quick log: choosing a body area swaps in the 0–10 buttons without a reload.
  // The links still work as plain links without JavaScript or htmx.
  // Offline, the link is followed as a plain link, and the service worker shows
  // the offline page.
  function onAreaClick(event) {
    var link = event.target.closest('#quick-log a[href^="?area="]');
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (navigator.onLine === false) return;
    event.preventDefault();
    window.htmx.ajax("GET", link.getAttribute("href").split("#")[0], {
      source: link,
      target: "#quick-log",
      swap: "outerHTML",
    });
  }

  // After htmx swaps the quick-log panel, move keyboard focus to what is new.
  function focusAfterSwap(event) {
    var panel = document.getElementById("quick-log");
    if (!panel || !event.detail.target || event.detail.target.id !== "quick-log") return;
    var next = panel.querySelector(".saved, .intensity-form legend, .timer [role=status]");
    var button = panel.querySelector(".intensity");
    if (button && !panel.querySelector(".saved")) {
      button.focus();
    } else {
      panel.focus();
    }
    if (next && next.scrollIntoView) next.scrollIntoView({ block: "nearest" });
  }

  // The spasm timer: show the time passing. The server keeps the real start time.
  function tickTimers() {
    document.querySelectorAll("[data-timer-since]").forEach(function (element) {
      var since = Date.parse(element.getAttribute("data-timer-since"));
      if (isNaN(since)) return;
      var seconds = Math.max(0, Math.floor((Date.now() - since) / 1000));
      var minutes = Math.floor(seconds / 60);
      element.textContent = minutes + ":" + String(seconds % 60).padStart(2, "0");
    });
  }

  // Offline: a form sent now would be lost on the way. Keep the page and what was
  // filled in, say so next to the form, and let the person send it again later.
  // The words come from the page (data-*-message on <body>), so they are translated.
  function message(name) {
    return document.body.getAttribute("data-" + name + "-message") || "";
  }

  function showNote(place, text) {
    var note = place.querySelector(".offline-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "offline-note alert alert-warning";
      note.setAttribute("role", "alert");
      place.appendChild(note);
    }
    note.textContent = text;
  }

  function holdWhileOffline(event) {
    var form = event.target;
    if (navigator.onLine !== false || !(form instanceof HTMLFormElement)) return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    // Before htmx or the browser sends it: neither will.
    event.preventDefault();
    event.stopPropagation();
    showNote(form, message("offline"));
  }

  function onBackOnline() {
    document.querySelectorAll(".offline-note").forEach(function (note) {
      note.textContent = message("online");
    });
  }

  // htmx could not reach the server although the browser thought it was online.
  function onSendError(event) {
    var source = event.detail.elt;
    var place = source && source.closest && source.closest("form, section");
    if (!place) return;
    showNote(place, message(navigator.onLine === false ? "offline" : "unreachable"));
  }

  // Wide tables scroll sideways in their box on a small screen. A box that scrolls
  // must be reachable by keyboard and named for screen readers; only those that
  // do scroll at this width become a stop for the Tab key.
  function markScrollingTables() {
    document.querySelectorAll(".table-scroll").forEach(function (box, index) {
      var caption = box.querySelector("caption");
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        if (caption) {
          if (!caption.id) caption.id = "scrolling-table-" + index;
          box.setAttribute("role", "region");
          box.setAttribute("aria-labelledby", caption.id);
        }
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-labelledby");
      }
    });
  }

  var tablesPending = false;
  function markScrollingTablesSoon() {
    if (tablesPending) return;
    tablesPending = true;
    window.requestAnimationFrame(function () {
      tablesPending = false;
      markScrollingTables();
    });
  }

  // Installable: the service worker keeps the offline page (static/js/sw.js).
  function registerServiceWorker() {
    var url = document.body.getAttribute("data-service-worker");
    if (!url || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(url).catch(function () {
      // Not a secure address, or the browser said no: the site works the same.
    });
  }

  // The offline page's "Go back" button, for when there is somewhere to go back to.
  function enableBackButtons() {
    if (window.history.length < 2) return;
    document.querySelectorAll("[data-history-back]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.history.back();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fillTimeZone(document);
    offerDeviceZone(document);
    tickTimers();
    window.setInterval(tickTimers, 1000);
    markScrollingTables();
    enableBackButtons();
    registerServiceWorker();
  });
  document.addEventListener("click", onAreaClick);
  document.addEventListener("htmx:afterSettle", focusAfterSwap);
  document.addEventListener("htmx:afterSettle", markScrollingTablesSoon);
  document.addEventListener("htmx:sendError", onSendError);
  document.addEventListener("submit", holdWhileOffline, true);
  // "toggle" does not bubble: listen in the capture phase for every <details>.
  document.addEventListener("toggle", markScrollingTablesSoon, true);
  window.addEventListener("resize", markScrollingTablesSoon);
  window.addEventListener("online", onBackOnline);
})();
