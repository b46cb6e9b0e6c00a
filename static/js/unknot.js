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

  // Quick log: choosing a body area swaps in the 0–10 buttons without a reload.
  // The links still work as plain links without JavaScript or htmx.
  function onAreaClick(event) {
    var link = event.target.closest('#quick-log a[href^="?area="]');
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    window.htmx.ajax("GET", link.getAttribute("href").split("#")[0], {
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

  document.addEventListener("DOMContentLoaded", function () {
    fillTimeZone(document);
    tickTimers();
    window.setInterval(tickTimers, 1000);
  });
  document.addEventListener("click", onAreaClick);
  document.addEventListener("htmx:afterSettle", focusAfterSwap);
})();
