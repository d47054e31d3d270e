// Small progressive enhancements; every page works without this file.

// htmx would inject an inline <style> for its indicators, which the CSP blocks (a console
// error on every page): exhale.css carries those rules instead. This runs before htmx's
// DOMContentLoaded setup, as both scripts are deferred.
if (window.htmx) htmx.config.includeIndicatorStyles = false;

// htmx and errors: a refused change is never silent, and its message appears next to the
// control that caused it. A 4xx answered with an HTML fragment (the partial with its message
// next to the field) is swapped in like a success; anything else that fails (a 403, 404 or
// 5xx page, no connection) leaves the page as it is and says so beside the control.
(function () {
  const FRAGMENT_ERRORS = [400, 409, 422, 429];
  const MESSAGES = {
    403: "You can't change that any more: are you still signed in? Reload the page.",
    404: "That is no longer there (deleted in another tab?). Reload the page.",
    413: "That is too big to send. Try a smaller file.",
    429: "Too many changes at once: wait a moment and try again.",
  };
  const OFFLINE = "Not saved: no connection. Check your connection and try again.";
  const SERVER = "Not saved: something went wrong on our side. Try again in a moment.";

  function isFragment(xhr) {
    const type = xhr.getResponseHeader("Content-Type") || "";
    const text = (xhr.responseText || "").trimStart().slice(0, 15).toLowerCase();
    return type.startsWith("text/html") && text !== "" && !text.startsWith("<!doctype") && !text.startsWith("<html");
  }

  function controlOf(detail) {
    const event = detail.requestConfig && detail.requestConfig.triggeringEvent;
    const submitter = event && event.submitter;
    const elt = submitter || detail.elt;
    return elt && elt.isConnected && !elt.hidden ? elt : document.activeElement || elt;
  }

  function showNextTo(control, text) {
    document.querySelectorAll(".htmx-error").forEach((old) => old.remove());
    const p = document.createElement("p");
    p.className = "inline-error htmx-error";
    p.setAttribute("role", "alert");
    p.textContent = text;
    const host = control && control.closest ? control.closest("li, .field, form:not([hidden]), section, article") : null;
    if (host) {
      host.append(p);
    } else {
      (document.querySelector("main") || document.body).prepend(p);
    }
    p.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:beforeSwap", (event) => {
    const xhr = event.detail.xhr;
    if (FRAGMENT_ERRORS.includes(xhr.status) && isFragment(xhr)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    const root = target && target.isConnected ? target : document;
    const message = root.querySelector(".inline-error, .field-error, .form-errors, .message-error");
    if (message && event.detail.xhr && event.detail.xhr.status >= 400) {
      message.scrollIntoView({ block: "nearest" });
    }
  });

  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    const text = MESSAGES[status] || (status >= 500 ? SERVER : "Not saved: check what you entered and try again.");
    showNextTo(controlOf(event.detail), text);
  });

  document.addEventListener("htmx:sendError", (event) => showNextTo(controlOf(event.detail), OFFLINE));
  document.addEventListener("htmx:timeout", (event) => showNextTo(controlOf(event.detail), OFFLINE));

  // Exposed for pages that send their own requests (fetch) and want the same behaviour.
  window.exhaleShowError = showNextTo;
})();
