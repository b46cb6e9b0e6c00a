// Unknot's service worker. website/views/install.py serves it at /sw.js and writes
// PRECACHE_VERSION, PRECACHE_URLS and OFFLINE_URL in front of this file.
//
// - It keeps the offline page and the site's own CSS, JavaScript and icon.
// - Pages always come from the network (diary pages are private, so none is kept);
//   when a page cannot be reached, the offline page is shown instead of the
//   browser's error.
// - The kept CSS and JavaScript are served from the cache: a new version of any of
//   them changes PRECACHE_VERSION, which installs a new worker and a fresh cache.
/* global PRECACHE_VERSION, PRECACHE_URLS, OFFLINE_URL */
"use strict";

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
