// Roadmap page. Without this file the page reads fine, every status button posts, and ⋯ opens
// the item's editor page (move, edit, delete). With it:
// - ⋯ opens the page's one row menu (#row-menu) inside that row, aimed at its item;
// - Alt+↑ / Alt+↓ on a row moves its item, and focus stays with the item;
// - Edit loads the item's editor into its row; Close removes it;
// - the one delete that cannot be undone asks first.
(function () {
  const itemsBase = "/roadmaps/items/";
  let refocus = null; // [item id, selector inside the row] to focus after the next swap

  function rowOf(element) {
    return element && element.closest ? element.closest("li.row") : null;
  }

  function pkOf(row) {
    return row.id.replace("item-", "");
  }

  function titleOf(row) {
    return row.querySelector(".row-title").textContent.trim();
  }

  function closeMenu(focusBack) {
    const menu = document.getElementById("row-menu");
    if (!menu || menu.hidden) return;
    const row = rowOf(menu);
    menu.hidden = true;
    const more = row && row.querySelector(".row-more");
    if (more) more.setAttribute("aria-expanded", "false");
    if (focusBack && more) more.focus();
  }

  function openMenu(row) {
    const menu = document.getElementById("row-menu");
    if (!menu) return;
    const pk = pkOf(row);
    const title = titleOf(row);
    const more = row.querySelector(".row-more");
    more.after(menu);
    const set = (act, label, action, disabled) => {
      const el = menu.querySelector(`[data-act="${act}"]`);
      el.setAttribute("aria-label", label);
      if (el.tagName === "A") {
        el.href = action;
      } else {
        el.setAttribute("formaction", action);
        el.disabled = Boolean(disabled);
      }
    };
    set("up", `Move ${title} up`, `${itemsBase}${pk}/move/`, !row.previousElementSibling);
    set("down", `Move ${title} down`, `${itemsBase}${pk}/move/`, !row.nextElementSibling);
    set("edit", `Edit ${title}`, `${itemsBase}${pk}/edit/`);
    set("delete", `Delete ${title}`, `${itemsBase}${pk}/delete/`);
    menu.hidden = false;
    more.setAttribute("aria-expanded", "true");
    const first = menu.querySelector("[role=menuitem]:not([disabled])");
    if (first) first.focus();
  }

  function toggleEditor(row) {
    const pk = pkOf(row);
    const open = document.getElementById(`editor-${pk}`);
    closeMenu(false);
    if (open) {
      open.remove();
      row.querySelector(".row-more").focus();
      return;
    }
    htmx.ajax("GET", `${itemsBase}${pk}/edit/`, { source: row, target: row, swap: "beforeend" }).then(() => {
      const field = document.getElementById(`edit-${pk}-title`);
      if (field) field.focus();
    });
  }

  function move(row, direction) {
    refocus = [row.id, ".row-more"];
    htmx.ajax("POST", `${itemsBase}${pkOf(row)}/move/`, {
      source: row,
      target: "#roadmap-body",
      swap: "outerHTML",
      values: { direction },
    });
  }

  document.addEventListener("click", (event) => {
    const more = event.target.closest(".row-more");
    if (more && window.htmx) {
      event.preventDefault();
      const menu = document.getElementById("row-menu");
      const already = menu && !menu.hidden && rowOf(menu) === rowOf(more);
      closeMenu(false);
      if (!already) openMenu(rowOf(more));
      return;
    }
    const edit = event.target.closest('#row-menu [data-act="edit"]');
    if (edit && window.htmx) {
      event.preventDefault();
      toggleEditor(rowOf(edit));
      return;
    }
    const close = event.target.closest("[data-close-editor]");
    if (close) {
      const editor = document.getElementById(close.dataset.closeEditor);
      const row = rowOf(editor);
      editor.remove();
      if (row) row.querySelector(".row-more").focus();
      return;
    }
    const inMenu = event.target.closest("#row-menu");
    if (inMenu && event.target.closest("button")) {
      const row = rowOf(inMenu);
      refocus = [row.id, ".row-more"];
      return; // the menu's buttons submit through the shared form
    }
    if (!inMenu) closeMenu(false);
  });

  document.addEventListener("keydown", (event) => {
    const menu = document.getElementById("row-menu");
    if (event.key === "Escape" && menu && !menu.hidden) {
      closeMenu(true);
      return;
    }
    if (menu && !menu.hidden && menu.contains(event.target) && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      const entries = [...menu.querySelectorAll("[role=menuitem]:not([disabled])")];
      const at = entries.indexOf(event.target);
      const next = entries[(at + (event.key === "ArrowDown" ? 1 : -1) + entries.length) % entries.length];
      if (next) next.focus();
      event.preventDefault();
      return;
    }
    const row = rowOf(event.target);
    if (row && event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && window.htmx) {
      const up = event.key === "ArrowUp";
      if ((up && row.previousElementSibling) || (!up && row.nextElementSibling)) move(row, up ? "up" : "down");
      event.preventDefault();
    }
  });

  // Status buttons: keep focus on the same button of the same row after the swap.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    const button = trigger && trigger.submitter;
    const row = rowOf(button);
    if (row && button.closest(".seg")) refocus = [row.id, `.seg button[value="${button.value}"]`];
  });

  document.addEventListener("htmx:afterSettle", () => {
    if (!refocus) return;
    const [rowId, selector] = refocus;
    refocus = null;
    const row = document.getElementById(rowId);
    const target = row && row.querySelector(selector);
    if (target && !document.querySelector("#roadmap-body [role=alert]")) target.focus({ preventScroll: false });
  });

  // A stage the learner opened or folded stays so across swaps (the server folds finished
  // stages only when the page loads).
  let folds = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "roadmap-body") {
      folds = new Map([...document.querySelectorAll("section.stage")].map((s) => [s.id, s.querySelector("details.stage-fold").open]));
    }
  });
  document.addEventListener("htmx:afterSwap", () => {
    if (!folds) return;
    folds.forEach((open, id) => {
      const fold = document.querySelector(`#${id} > details.stage-fold`);
      if (fold && !fold.querySelector("[role=alert], .item-editor")) fold.open = open;
    });
    folds = null;
  });

  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    const question = button && button.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
