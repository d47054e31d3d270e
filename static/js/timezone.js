// Sign-up: preselect the browser's time zone, so a learner's day starts at their midnight.
// Only replaces the untouched default; without JS the select still works.
(function () {
  "use strict";
  function fill() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll("select[data-browser-timezone]").forEach(function (select) {
      if (!zone) { return; }
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
      if (known && select.value === "UTC") { select.value = zone; }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
