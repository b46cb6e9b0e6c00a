// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Sign-up: send the browser's time zone so "today" is the patient's own day.
  function fillTimeZone() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll('input[type="hidden"][name="time_zone"]').forEach(function (input) {
      if (!input.value && zone) input.value = zone;
    });
  }

  document.addEventListener("DOMContentLoaded", fillTimeZone);
})();
