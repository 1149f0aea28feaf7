"""``{% page_in code as url %}``: this very page in another language, for the language switcher.

The switcher is a list of plain links (no form, no CSRF cookie on anonymous
pages, works without JavaScript and can be shared or bookmarked); the language
of the page one opens then sticks (``accounts.middleware.PageLanguageMiddleware``).
"""

from django import template
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in(context, code: str) -> str:
    request = context.get("request")
    if request is None:
        return f"/{code}/"
    path = request.get_full_path()
    translated = translate_url(path, code)
    if translated != path or code == get_language():
        return translated
    # A page that does not resolve (a 404): swap the language prefix, or go to that language's home.
    current = f"/{get_language()}/"
    return f"/{code}/{path[len(current) :]}" if path.startswith(current) else f"/{code}/"
