// Entries kept on this device while there is no signal, and sending them when it is
// back. Used by the pages (static/js/unknot.js) and by the service worker
// (static/js/sw.js, for Background Sync), so it touches no page: only IndexedDB and
// fetch. The server's side is diary/daily/offline.py.
//
// A kept entry is the form exactly as it was sent (its once-only token too, so a
// resend saves once), the address it was sent to, a short label to show the patient,
// the time it was made and the key of the account it was made in.
(function (scope) {
  "use strict";

  var DATABASE = "unknot-kept";
  var STORE = "entries";
  var LOCK = "unknot-kept-send";

  function openDatabase() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  // Run `work(store)` in one transaction; resolve with its request's result once the
  // transaction has been written.
  function withStore(mode, work) {
    return openDatabase().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(request ? request.result : undefined);
        };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  function keep(entry) {
    return withStore("readwrite", function (store) {
      return store.put(entry);
    });
  }

  function list() {
    return withStore("readonly", function (store) {
      return store.getAll();
    }).then(function (entries) {
      return entries.sort(function (a, b) {
        return a.madeAt < b.madeAt ? -1 : a.madeAt > b.madeAt ? 1 : 0;
      });
    });
  }

  function discard(id) {
    return withStore("readwrite", function (store) {
      return store.delete(id);
    });
  }

  // Send one entry. Resolves with what became of it: "saved", "refused" (the diary
  // will not take it: the patient must log it again), or "later" (no connection,
  // logged out, another account, a busy server: it stays and is tried again).
  function sendOne(entry, csrfToken) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    // The page's own token is fresher than the one kept with the form.
    if (csrfToken) body.set("csrfmiddlewaretoken", csrfToken);
    return scope
      .fetch(entry.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-Kept-Entry": "1" },
      })
      .then(
        function (response) {
          if (response.status === 201) {
            return discard(entry.id).then(function () {
              return "saved";
            });
          }
          if (response.status === 422) {
            entry.state = "refused";
            return keep(entry).then(function () {
              return "refused";
            });
          }
          return "later";
        },
        function () {
          return "later";
        }
      );
  }

  // Send every waiting entry of the account `key` (all of them when no key is given:
  // the service worker, which the server checks), oldest first. Resolves with the
  // counts of what happened. Two tabs and the worker never send at once.
  function sendWaiting(key, csrfToken) {
    function run() {
      var counts = { saved: 0, refused: 0, later: 0 };
      return list().then(function (entries) {
        var waiting = entries.filter(function (entry) {
          return entry.state !== "refused" && (!key || entry.keptFor === key);
        });
        return waiting
          .reduce(function (previous, entry) {
            return previous.then(function (stop) {
              if (stop) {
                counts.later += 1;
                return true;
              }
              return sendOne(entry, csrfToken).then(function (result) {
                counts[result] += 1;
                return result === "later"; // the next ones would fare no better now
              });
            });
          }, Promise.resolve(false))
          .then(function () {
            return counts;
          });
      });
    }
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request(LOCK, run) : run();
  }

  // A new once-only token for the next entry made with the same form.
  function newToken() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    var bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (byte) {
        return byte.toString(16).padStart(2, "0");
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  scope.UnknotKept = {
    keep: keep,
    list: list,
    discard: discard,
    sendWaiting: sendWaiting,
    newToken: newToken,
    SYNC_TAG: "unknot-kept",
  };
})(self);
