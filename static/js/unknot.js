// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Sign-up: send the browser's time zone so "today" is the patient's own day.
  // Asked only on a page that needs it: the first Intl call loads the browser's locale
  // data, 20 ms of a phone's start-up on every other page.
  function deviceZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  function fillTimeZone(root) {
    var inputs = root.querySelectorAll('input[type="hidden"][name="time_zone"]');
    if (!inputs.length) return;
    var zone = deviceZone();
    inputs.forEach(function (input) {
      if (!input.value && zone) input.value = zone;
    });
  }

  // Profile: offer the device's own time zone first, in its own group at the top.
  // The saved choice stays selected; without JavaScript the list is just by region.
  function offerDeviceZone(root) {
    var selects = root.querySelectorAll("select[data-device-zone-label]");
    if (!selects.length) return;
    var zone = deviceZone();
    if (!zone) return;
    selects.forEach(function (select) {
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

  // Offline: a form sent now would be lost on the way. A quick spasm, a dose or a
  // check-in (forms marked data-offline-queue) is kept on this device and sent when
  // the connection is back (static/js/kept.js). Any other form stays on screen as it
  // was filled in, with a plain message, to be sent again later.
  // The words come from the page (data-*-message on <body>, and the catalogue at
  // /jsi18n/), so they are translated.
  function message(name) {
    return document.body.getAttribute("data-" + name + "-message") || "";
  }

  // Named as gettext's own functions, so `make messages` finds the words they are given.
  function gettext(text) {
    return window.gettext ? window.gettext(text) : text;
  }

  function ngettext(one, many, count) {
    return window.ngettext ? window.ngettext(one, many, count) : count === 1 ? one : many;
  }

  function withCount(text, count) {
    return text.replace("%(count)s", String(count));
  }

  function showNote(place, text, role) {
    var note = place.querySelector(".offline-note");
    if (!note) {
      note = document.createElement("p");
      place.appendChild(note);
    }
    note.className = "offline-note alert " + (role === "status" ? "alert-info" : "alert-warning");
    note.setAttribute("role", role || "alert");
    note.textContent = text;
  }

  function canKeep(form) {
    return (
      form.hasAttribute("data-offline-queue") &&
      !!window.UnknotKept &&
      !!window.indexedDB &&
      !!document.body.getAttribute("data-kept-for")
    );
  }

  // The device's clock may be wrong: kept entries carry the server's time, as
  // measured from the moment the page arrived.
  var clockOffset = 0;
  function measureClock() {
    var server = Number(document.body.getAttribute("data-server-time"));
    if (!server) return;
    var offset = server * 1000 - Date.now();
    clockOffset = Math.abs(offset) > 60 * 1000 ? offset : 0;
  }

  function formFields(form, submitter) {
    var data;
    try {
      data = new FormData(form, submitter || undefined);
    } catch (error) {
      data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    }
    var fields = [];
    data.forEach(function (value, name) {
      if (typeof value === "string" && name !== "made_at" && name !== "kept_for") {
        fields.push([name, value]);
      }
    });
    return fields;
  }

  // What was last sent with each queueable form, in case the network loses it.
  var lastSent = new WeakMap();

  function keepForm(form, fields, madeAt) {
    var key = document.body.getAttribute("data-kept-for");
    var token = fields.filter(function (pair) {
      return pair[0] === "client_token";
    })[0];
    var entry = {
      id: (token && token[1]) || window.UnknotKept.newToken(),
      action: new URL(form.getAttribute("action") || "", window.location.href).href,
      fields: fields.concat([
        ["made_at", madeAt],
        ["kept_for", key],
      ]),
      label: fields.label || form.getAttribute("data-offline-label") || "",
      madeAt: madeAt,
      keptFor: key,
      state: "waiting",
    };
    return window.UnknotKept.keep(entry).then(function () {
      renewToken(entry.id);
      askForBackgroundSync();
      showKept();
    });
  }

  // The next entry made with the same form is a new entry: give it its own token.
  function renewToken(token) {
    document.querySelectorAll('input[name="client_token"]').forEach(function (input) {
      if (input.value === token) input.value = window.UnknotKept.newToken();
    });
  }

  function askForBackgroundSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then(function (registration) {
        if (registration.sync) return registration.sync.register(window.UnknotKept.SYNC_TAG);
      })
      .catch(function () {
        // No Background Sync here: the next "online" event or page load sends them.
      });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    var submitter = event.submitter;
    if (canKeep(form)) {
      var fields = formFields(form, submitter);
      fields.label = (submitter && submitter.getAttribute("data-offline-label")) || "";
      lastSent.set(form, { fields: fields, madeAt: deviceNow() });
    }
    if (navigator.onLine !== false) return;
    // Before htmx or the browser sends it: neither will.
    event.preventDefault();
    event.stopPropagation();
    keepOrHold(form, message("offline"));
  }

  function keepOrHold(form, heldText) {
    var sent = lastSent.get(form);
    if (!sent) {
      showNote(form, heldText);
      return;
    }
    lastSent.delete(form);
    keepForm(form, sent.fields, sent.madeAt).then(
      function () {
        showNote(form, message("kept"), "status");
      },
      function () {
        showNote(form, heldText); // the device would not keep it (private mode, full)
      }
    );
  }

  function deviceNow() {
    return new Date(Date.now() + clockOffset).toISOString();
  }

  function onBackOnline() {
    document.querySelectorAll(".offline-note").forEach(function (note) {
      if (note.getAttribute("role") === "alert") note.textContent = message("online");
    });
    sendKept();
  }

  // htmx could not reach the server although the browser thought it was online.
  function onSendError(event) {
    var source = event.detail.elt;
    var form = source && source.closest && source.closest("form");
    if (form && lastSent.has(form)) {
      keepOrHold(form, message("unreachable"));
      return;
    }
    var place = source && source.closest && source.closest("form, section");
    if (!place) return;
    showNote(place, message(navigator.onLine === false ? "offline" : "unreachable"));
  }

  // The banner on every page: how many entries wait on this device, what they are,
  // and a way to discard one. Only this account's entries are listed; logged out, or
  // on the offline page (kept for everyone), only their number is shown.
  // Sent since this page loaded, by the page or by the service worker.
  var sentHere = 0;

  function showKept(sentNow) {
    var box = document.getElementById("kept-entries");
    if (!box || !window.UnknotKept || !window.indexedDB) return;
    sentHere += sentNow || 0;
    var sentCount = sentHere;
    var key = document.body.getAttribute("data-kept-for");
    window.UnknotKept.list().then(function (entries) {
      var mine = key
        ? entries.filter(function (entry) {
            return entry.keptFor === key;
          })
        : entries;
      box.replaceChildren();
      if (sentCount) {
        var sent = document.createElement("p");
        sent.setAttribute("role", "status");
        sent.className = "kept-entries__sent";
        sent.textContent = withCount(ngettext("%(count)s entry kept on this device was saved in your diary.", "%(count)s entries kept on this device were saved in your diary.", sentCount), sentCount);
        box.appendChild(sent);
      }
      box.hidden = !mine.length && !sentCount;
      box.classList.toggle("kept-entries--waiting", mine.length > 0);
      if (!mine.length) return;
      renderWaiting(box, mine, key);
    });
  }

  function renderWaiting(box, mine, key) {
    var waiting = mine.filter(function (entry) {
      return entry.state !== "refused";
    });
    var refused = mine.length - waiting.length;
    var heading = document.createElement("p");
    heading.className = "kept-entries__count";
    var strong = document.createElement("strong");
    strong.textContent = [
      waiting.length
        ? withCount(ngettext("%(count)s entry waiting to send.", "%(count)s entries waiting to send.", waiting.length), waiting.length)
        : "",
      refused
        ? withCount(ngettext("%(count)s entry could not be saved.", "%(count)s entries could not be saved.", refused), refused)
        : "",
    ]
      .join(" ")
      .trim();
    heading.appendChild(strong);
    heading.appendChild(
      document.createTextNode(
        " " +
          (key === null
            ? gettext("They are kept on this device and will be sent when you're back online.")
            : key
              ? gettext("They are kept on this device until your diary has them.")
              : gettext("They are kept on this device. Log in to send them."))
      )
    );
    box.appendChild(heading);
    if (!key) return;

    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = gettext("See them");
    details.appendChild(summary);
    var list = document.createElement("ul");
    mine.forEach(function (entry) {
      list.appendChild(keptItem(entry));
    });
    details.appendChild(list);
    box.appendChild(details);

    if (waiting.length && navigator.onLine !== false) {
      var send = document.createElement("button");
      send.type = "button";
      send.className = "btn btn-primary";
      send.textContent = gettext("Send now");
      send.addEventListener("click", sendKept);
      box.appendChild(send);
    }
  }

  function keptItem(entry) {
    var item = document.createElement("li");
    var made = new Date(entry.madeAt);
    var when = made.toLocaleString(document.documentElement.lang || undefined, {
      weekday: "long",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23", // as every other time on the site: 14:02
    });
    var text = document.createElement("span");
    text.textContent = (entry.label || gettext("An entry")) + " · " + when;
    item.appendChild(text);
    if (entry.state === "refused") {
      var why = document.createElement("span");
      why.className = "kept-entries__refused";
      why.textContent =
        " " + gettext("Your diary did not take it (it may be more than 3 days old). Log it again with its time, then discard this copy.");
      item.appendChild(why);
    }
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-outline-danger";
    discard.textContent = gettext("Discard");
    discard.setAttribute("aria-label", gettext("Discard") + ": " + text.textContent);
    discard.addEventListener("click", function () {
      if (!window.confirm(gettext("Discard this entry? It is not in your diary."))) return;
      window.UnknotKept.discard(entry.id).then(function () {
        showKept();
      });
    });
    item.appendChild(discard);
    return item;
  }

  function csrfToken() {
    var headers =
      document.body.getAttribute("hx-headers") || document.body.getAttribute("data-hx-headers");
    try {
      return JSON.parse(headers)["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function sendKept() {
    var key = document.body.getAttribute("data-kept-for");
    if (!key || !window.UnknotKept || !window.indexedDB || navigator.onLine === false) {
      showKept();
      return;
    }
    window.UnknotKept.sendWaiting(key, csrfToken()).then(
      function (counts) {
        showKept(counts.saved);
      },
      function () {
        showKept();
      }
    );
  }

  function onWorkerMessage(event) {
    if (event.data && event.data.type === "unknot-kept") showKept(event.data.saved);
  }

  // Wide tables scroll sideways in their box on a small screen. A box that scrolls
  // must be reachable by keyboard and named for screen readers; only those that
  // do scroll at this width become a stop for the Tab key. The widths are read in a
  // ResizeObserver's callback, after the browser has laid the page out anyway, so
  // nothing forces a layout while the page loads; the observer also sees a box
  // that changes width (a turned phone) and a table that appears (a <details> opened,
  // an htmx swap).
  var scrollingCaptions = 0;
  function markScrollingBoxes(boxes) {
    // All the reads first, then all the writes: no layout between them.
    var scrolls = boxes.map(function (box) {
      return box.scrollWidth > box.clientWidth + 1;
    });
    boxes.forEach(function (box, index) {
      var caption = box.querySelector("caption");
      if (scrolls[index]) {
        box.setAttribute("tabindex", "0");
        if (caption) {
          if (!caption.id) caption.id = "scrolling-table-" + scrollingCaptions++;
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

  var tableObserver =
    "ResizeObserver" in window
      ? new ResizeObserver(function (entries) {
          var boxes = [];
          entries.forEach(function (entry) {
            var box = entry.target.closest(".table-scroll");
            if (box && boxes.indexOf(box) < 0) boxes.push(box);
          });
          markScrollingBoxes(boxes);
        })
      : null;

  function allScrollBoxes(root) {
    return Array.prototype.slice.call(root.querySelectorAll(".table-scroll"));
  }

  function watchScrollingTables(root) {
    if (!tableObserver) {
      // An old browser: measure once the next frame is due, and again on resize.
      window.requestAnimationFrame(function () {
        markScrollingBoxes(allScrollBoxes(document));
      });
      return;
    }
    allScrollBoxes(root).forEach(function (box) {
      if (box.hasAttribute("data-scroll-watched")) return;
      box.setAttribute("data-scroll-watched", "");
      tableObserver.observe(box);
      if (box.firstElementChild) tableObserver.observe(box.firstElementChild);
    });
  }

  // Installable: the service worker keeps the offline page (static/js/sw.js) and
  // sends kept entries by Background Sync.
  function registerServiceWorker() {
    var url = document.body.getAttribute("data-service-worker");
    if (!url || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(url).catch(function () {
      // Not a secure address, or the browser said no: the site works the same.
    });
    keepOfflinePageInMyLanguage();
  }

  // The offline page and the script words the worker keeps were fetched in the language
  // of that day: when this page is in another one, the worker fetches them again.
  function keepOfflinePageInMyLanguage() {
    var language = document.documentElement.lang;
    var worker = navigator.serviceWorker.controller;
    if (!worker || !language) return;
    try {
      if (window.localStorage.getItem("unknot-kept-language") === language) return;
      window.localStorage.setItem("unknot-kept-language", language);
    } catch (error) {
      return; // no storage (private mode): the worker's copy stays as it is
    }
    worker.postMessage({ type: "unknot-language", language: language });
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
    watchScrollingTables(document);
    enableBackButtons();
    registerServiceWorker();
    measureClock();
    sendKept();
  });
  document.addEventListener("click", onAreaClick);
  document.addEventListener("htmx:afterSettle", focusAfterSwap);
  document.addEventListener("htmx:afterSettle", function () {
    watchScrollingTables(document);
  });
  document.addEventListener("htmx:sendError", onSendError);
  document.addEventListener("submit", onSubmit, true);
  if (!tableObserver) {
    // Without a ResizeObserver: "toggle" does not bubble, so listen in the capture phase.
    var measureAgain = function () {
      watchScrollingTables(document);
    };
    document.addEventListener("toggle", measureAgain, true);
    window.addEventListener("resize", measureAgain);
  }
  window.addEventListener("online", onBackOnline);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", onWorkerMessage);
  }
})();
