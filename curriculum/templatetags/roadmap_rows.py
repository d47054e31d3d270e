"""The roadmap page's item rows, rendered in Python.

A roadmap may hold a thousand items, and a Django template costs about a millisecond a row once
it carries a status control and a menu; these f-strings cost a few microseconds. The markup is
deliberately small: no form per row. Every button names the page's one shared form
(`form="roadmap-actions"`) and its own `formaction`, so it posts without JavaScript and htmx
swaps the roadmap body when it is there. Everything interpolated goes through `escape`."""

from __future__ import annotations

from html import escape  # the stdlib's: Django's lazy wrapper costs more than the row

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from curriculum.forms import ItemForm
from curriculum.models import ItemKind, ItemStatus

register = template.Library()

KIND_LABELS = dict(ItemKind.choices)
STATUS_LABELS = dict(ItemStatus.choices)
SYMBOLS = {
    ItemStatus.NOT_STARTED: "○",
    ItemStatus.IN_PROGRESS: "◐",
    ItemStatus.DONE: "✓",
    ItemStatus.SKIPPED: "⤼",
}
# (value, label, symbol) in the order the control shows them.
STATUS_CHOICES = tuple((value, label, SYMBOLS[value]) for value, label in ItemStatus.choices)
FORM = 'type="submit" form="ra"'  # the page's one shared form, id "ra"


def _hours(value) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f" · {text} h"


def _status_control(base: str, pk: int, status: str, title: str) -> str:
    action = f'{FORM} formaction="{base}{pk}/status/" name="status"'
    buttons = "".join(
        f'<button {action} value="{value}" aria-pressed="{"true" if value == status else "false"}"'
        f' aria-label="{label}: {title}">{symbol}'
        f"{f'<span class=seg-label>{label}</span>' if value == status else ''}</button>"
        for value, label, symbol in STATUS_CHOICES
    )
    return f'<span class="seg" role="group" aria-label="Status of {title}">{buttons}</span>'


def _more(base: str, pk: int, title: str) -> str:
    """The row's menu button. With JavaScript it opens the page's one shared menu (move, edit,
    delete: curriculum.js); without, it is a link to the item's editor page, which has them."""
    return (
        f'<a class="row-more" href="{base}{pk}/edit/" role="button" aria-haspopup="menu" '
        f'aria-label="Actions for {title}">⋯</a>'
    )


def _steps(base: str, item, title: str, owner: bool) -> str:
    entries = [step for step in item.checklist if isinstance(step, dict)]
    if not entries:
        return ""
    parts = []
    for index, step in enumerate(entries):
        text = escape(str(step.get("text", "")))
        done = step.get("done") is True
        css = ' class="step-done"' if done else ""
        if owner:
            parts.append(
                f'<li{css}><button {FORM} formaction="{base}{item.pk}/steps/{index}/tick/" '
                f'name="done" value="{0 if done else 1}" class="step-tick" role="checkbox" '
                f'aria-checked="{"true" if done else "false"}" aria-label="{text}">'
                f'<span class="box" aria-hidden="true"></span></button>'
                f" {text}</li>"
            )
        else:
            said = '<span class="visually-hidden"> (done)</span>' if done else ""
            parts.append(f'<li{css}><span class="box" aria-hidden="true"></span> {text}{said}</li>')
    extra = ""
    if owner and item.all_ticked and item.status != ItemStatus.DONE:
        extra = (
            f'<p class="all-ticked" role="status">Every step is ticked. '
            f'<button {FORM} formaction="{base}{item.pk}/status/" name="status" value="done" '
            f'aria-label="Mark done: {title}">Mark done</button></p>'
        )
    return f'<ul class="steps" aria-label="Steps of {title}">{"".join(parts)}</ul>{extra}'


def _link_toggle(base: str, pk: int, title: str, linked: bool) -> str:
    if linked:
        return (
            f' <button {FORM} formaction="{base}{pk}/link/" name="linked" value="0" '
            f'class="link-button" aria-label="Unlink {title}: this is a different thing">'
            f"Unlink: this is a different thing</button>"
        )
    return (
        f' <span class="unlinked">Unlinked: its progress is its own.</span> <button {FORM} '
        f'formaction="{base}{pk}/link/" name="linked" value="1" class="link-button" '
        f'aria-label="Link {title} with the same link in your other roadmaps">Link again</button>'
    )


def _row(item, *, base: str, roadmaps: str, owner: bool, error_at, editing, ctx) -> str:
    pk = item.pk
    title = escape(item.title)
    if item.url:
        name = f'<a href="{escape(item.url)}" rel="nofollow noopener noreferrer">{title}</a>'
    else:
        name = title
    meta = KIND_LABELS.get(item.kind, "") + _hours(item.estimated_hours)
    if item.revisit_count:
        meta += f" · revisited {item.revisit_count}×"
    extras = ""
    if item.also_in:
        links = ", ".join(
            f'<a href="{roadmaps}{other_id}/">{escape(other_title)}</a>'
            for other_id, other_title in item.also_in
        )
        extras += f' <span class="also-in">also in {links}</span>'
    if owner and item.url and (item.also_in or not item.linked):
        extras += _link_toggle(base, pk, title, item.linked)
    if item.project_slug:
        extras += f' <a class="run-link" href="/projects/{escape(item.project_slug)}/">Run</a>'
    if item.note:
        extras += f' <a class="note-link" href="{base}{pk}/" aria-label="Note on {title}">Note</a>'
    status = item.status
    if owner:
        control = _status_control(base, pk, status, title) + _more(base, pk, title)
    else:
        label = STATUS_LABELS.get(status, "")
        control = f'<span class="pill pill-{status}">{label}</span>'
    tail = _steps(base, item, title, owner)
    if error_at == f"item-{pk}":
        tail += f'<p class="inline-error" role="alert">{escape(ctx["error"])}</p>'
    if owner and editing == pk:
        form = ctx.get("edit_form") or ItemForm(instance=item, auto_id=f"edit-{pk}-%s")
        editor = {"item": item, "form": form, "step_error": ctx.get("step_error")}
        tail += render_to_string("curriculum/_item_editor.html", editor, ctx.get("request"))
    return (
        f'<li class="row status-{status}" id="item-{pk}"><span class="row-name">'
        f'<span class="row-title">{name}</span>'
        f'<small class="row-meta">{meta}{extras}</small></span>{control}{tail}</li>'
    )


@register.simple_tag(takes_context=True)
def item_rows(context, stage_view, owner: bool):
    """The <ol> of a stage's item rows."""
    items = stage_view.items
    if not items:
        return ""
    base = reverse("curriculum:item_edit", args=[0])[: -len("0/edit/")]
    roadmaps = reverse("curriculum:roadmap_list")
    error_at, editing = context.get("error_at"), context.get("editing")
    rows = "".join(
        _row(
            item,
            base=base,
            roadmaps=roadmaps,
            owner=owner,
            error_at=error_at,
            editing=editing,
            ctx=context,
        )
        for item in items
    )
    return mark_safe(f'<ol class="rows">{rows}</ol>')  # noqa: S308 - every value is escaped above
