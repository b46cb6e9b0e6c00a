// Unknot's service worker. website/views/install.py serves it at /sw.js and writes
// PRECACHE_VERSION, PRECACHE_URLS and OFFLINE_URL in front of this file.
//
// - It keeps the offline page and the site's own CSS, JavaScript and icon.
// - Pages always come from the network (diary pages are private, so none is kept);
//   when a page cannot be reached, the offline page is shown instead of the
//   browser's error.
// - The kept CSS and JavaScript are served from the cache: a new version of any of
//   them changes PRECACHE_VERSION, which installs a new worker and a fresh cache.
// - Entries kept on the device while offline (static/js/kept.js) are sent by
//   Background Sync when the connection is back, where the browser has it; the
//   pages send them too, on the next "online" event or page load.
// - Reminders sent by web push (diary/push.py) are shown as notifications; a tap
//   opens the page they name.
/* global PRECACHE_VERSION, PRECACHE_URLS, OFFLINE_URL, NETWORK_FIRST_URLS, KEPT_SCRIPT_URL, UnknotKept */
/* global NOTIFICATION_ICON_URL, NOTIFICATION_TITLE */
"use strict";

importScripts(KEPT_SCRIPT_URL);

var CACHE_PREFIX = "unknot-";
var CACHE = CACHE_PREFIX + PRECACHE_VERSION;
var PRECACHED_PATHS = PRECACHE_URLS.map(function (url) {
  return new URL(url, self.location.href).pathname;
});

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return cache.addAll(PRECACHE_URLS);
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (keys) {
        return Promise.all(
          keys
            .filter(function (key) {
              return key.indexOf(CACHE_PREFIX) === 0 && key !== CACHE;
            })
            .map(function (key) {
              return caches.delete(key);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

// A page in another language than the kept copies asks for them again (unknot.js).
self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "unknot-language") return;
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll([OFFLINE_URL].concat(NETWORK_FIRST_URLS));
    })
  );
});

function offlinePage() {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(OFFLINE_URL);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(function (error) {
        return offlinePage().then(function (page) {
          if (page) return page;
          throw error;
        });
      })
    );
    return;
  }
  var url = new URL(request.url);
  if (request.method === "GET" && NETWORK_FIRST_URLS.indexOf(url.pathname) !== -1) {
    event.respondWith(
      fetch(request).catch(function (error) {
        return caches.open(CACHE).then(function (cache) {
          return cache.match(request, { ignoreSearch: true }).then(function (kept) {
            if (kept) return kept;
            throw error;
          });
        });
      })
    );
    return;
  }
  if (
    request.method === "GET" &&
    url.origin === self.location.origin &&
    PRECACHED_PATHS.indexOf(url.pathname) !== -1
  ) {
    event.respondWith(
      caches.open(CACHE).then(function (cache) {
        return cache.match(request, { ignoreSearch: true }).then(function (kept) {
          return kept || fetch(request);
        });
      })
    );
  }
  // Everything else (htmx requests, downloads, the admin's files) goes to the
  // network untouched.
});

// Tell the open pages what was sent, so their banners can say so.
function tellPages(counts) {
  return self.clients.matchAll({ type: "window" }).then(function (pages) {
    pages.forEach(function (page) {
      page.postMessage({ type: "unknot-kept", saved: counts.saved });
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag !== UnknotKept.SYNC_TAG) return;
  event.waitUntil(
    UnknotKept.sendWaiting("", null).then(function (counts) {
      return tellPages(counts).then(function () {
        // Failing the sync makes the browser try again later.
        if (counts.later) throw new Error("Some kept entries could not be sent yet.");
      });
    })
  );
});

// Reminders (diary/push.py): the server sends {"title", "body", "url", "tag"}, never
// health data, and every message is shown (the browser insists on it).
self.addEventListener("push", function (event) {
  var message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  var options = {
    body: message.body || "",
    icon: NOTIFICATION_ICON_URL,
    badge: NOTIFICATION_ICON_URL,
    data: { url: message.url || "/" },
  };
  if (message.tag) options.tag = message.tag;
  event.waitUntil(
    self.registration
      .showNotification(message.title || NOTIFICATION_TITLE, options)
      .then(function () {
        return self.clients.matchAll({ type: "window" });
      })
      .then(function (pages) {
        pages.forEach(function (page) {
          page.postMessage({ type: "unknot-push-shown", tag: message.tag || "" });
        });
      })
  );
});

// A tap on a reminder: bring forward a window already on its page, or open one.
// Only pages of this site are opened.
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var data = event.notification.data || {};
  var wanted = new URL(data.url || "/", self.location.origin);
  if (wanted.origin !== self.location.origin) wanted = new URL("/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (pages) {
      for (var i = 0; i < pages.length; i += 1) {
        if (pages[i].url === wanted.href && "focus" in pages[i]) return pages[i].focus();
      }
      return self.clients.openWindow(wanted.href);
    })
  );
});
