// Journal enhancements. The timer lives on the server; this only shows it ticking.
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  function tick() {
    document.querySelectorAll(".timer-clock[data-started-at]").forEach(function (clock) {
      var started = Date.parse(clock.dataset.startedAt);
      if (isNaN(started)) { return; }
      var seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
      var planned = parseInt(clock.dataset.plannedMinutes || "0", 10) * 60;
      var text = pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
      clock.textContent = text;
      clock.classList.toggle("over-plan", planned > 0 && seconds >= planned);
    });
  }

  function start() {
    if (document.querySelector(".timer-clock[data-started-at]")) {
      tick();
      window.setInterval(tick, 1000);
    }
  }

  // After a session is logged with htmx, put the cursor back in the minutes box.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "log-form") {
      var minutes = document.querySelector("#log-form input[name=minutes]");
      if (minutes) { minutes.focus(); minutes.select(); }
    }
  });

  // An inline form marked data-swap-errors answers 400 with itself and its messages next to
  // the fields: swap it in like a success instead of leaving the learner with nothing.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var config = event.detail.requestConfig || {};
    var source = config.elt || event.target;
    if (event.detail.xhr.status === 400 && source && source.closest && source.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
