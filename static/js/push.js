// "Remind me on this device" on the reminders page (templates/diary/includes/push_devices.html).
// The browser asks its push service for an address, and we send that address and the
// browser's keys to the server, which then sends reminders there (diary/push.py).
// Every word shown comes from the page's data-text-* attributes, already translated.
// Without this file the page still lists, renames and removes devices.
(function () {
  "use strict";

  function text(root, name) {
    return root.getAttribute("data-text-" + name) || "";
  }

  function say(root, message) {
    var status = root.querySelector("[data-push-status]");
    if (status) status.textContent = message;
  }

  function csrfToken() {
    var headers = document.body.getAttribute("data-hx-headers") || "{}";
    try {
      return JSON.parse(headers)["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // The server's public key is base64url text; the browser wants its bytes.
  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    base64 += "===".slice((base64.length + 3) % 4);
    var raw = window.atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function sameKey(buffer, bytes) {
    if (!buffer) return false;
    var other = new Uint8Array(buffer);
    if (other.length !== bytes.length) return false;
    for (var i = 0; i < bytes.length; i += 1) {
      if (other[i] !== bytes[i]) return false;
    }
    return true;
  }

  // A subscription made with an older server key (the host made new keys) is useless
  // and stops the browser from making a new one: drop it first.
  function subscription(registration, key) {
    return registration.pushManager.getSubscription().then(function (existing) {
      if (existing && sameKey(existing.options && existing.options.applicationServerKey, key)) {
        return existing;
      }
      var dropped = existing ? existing.unsubscribe() : Promise.resolve();
      return dropped.then(function () {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: key,
        });
      });
    });
  }

  function send(root, pushSubscription) {
    return fetch(root.getAttribute("data-subscribe-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ subscription: pushSubscription.toJSON() }),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          if (response.ok) return;
          var error = new Error(answer.error || text(root, "failed"));
          error.fromServer = true;
          throw error;
        });
    });
  }

  function subscribe(root, button) {
    var key = keyBytes(root.getAttribute("data-public-key"));
    button.disabled = true;
    say(root, text(root, "asking"));
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          say(root, text(root, "denied"));
          return null;
        }
        say(root, text(root, "working"));
        return navigator.serviceWorker.ready
          .then(function (registration) {
            return subscription(registration, key);
          })
          .then(function (pushSubscription) {
            return send(root, pushSubscription);
          })
          .then(function () {
            say(root, text(root, "done"));
            // The list of devices, and the server's "saved" message, come with the page.
            window.location.reload();
          });
      })
      .catch(function (error) {
        // The server's own words say what was wrong; the browser's are not translated.
        say(root, error && error.fromServer ? error.message : text(root, "failed"));
      })
      .then(function () {
        button.disabled = false;
      });
  }

  function setUp(root) {
    var button = root.querySelector("[data-push-subscribe]");
    if (!button) return;
    if (!window.isSecureContext) {
      say(root, text(root, "insecure"));
      return;
    }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      say(root, text(root, "unsupported"));
      return;
    }
    say(root, Notification.permission === "denied" ? text(root, "denied") : "");
    button.hidden = false;
    button.addEventListener("click", function () {
      subscribe(root, button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-push-devices]").forEach(setUp);
  });
})();
