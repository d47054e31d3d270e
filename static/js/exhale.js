// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const box = document.querySelector(".messages") || document.createElement("section");
  box.className = "messages";
  box.setAttribute("aria-live", "polite");
  const p = document.createElement("p");
  p.className = "message message-error";
  p.setAttribute("role", "alert");
  p.textContent = status === 403 || status === 404
    ? "That is no longer available. Reload the page."
    : "Could not save that change. Check your connection and try again.";
  box.replaceChildren(p);
  document.querySelector("main").prepend(box);
});
