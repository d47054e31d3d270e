from django import template

from core.markdown import markdown_to_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.filter(name="markdown_excerpt")
def markdown_excerpt(text, limit=200):
    return markdown_to_text(text, int(limit))
