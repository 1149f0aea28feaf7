"""Templates ask the same permissions as views and services (``apps.core.permissions``).

{% load permissions %}
{% can "proposals.vote" proposal as may_vote %}
{% why_not "proposals.vote" proposal as vote_refusal %}
"""

from django import template

from apps.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, name, obj=None):
    return permissions.can(context["request"].user, name, obj)


@register.simple_tag(takes_context=True)
def why_not(context, name, obj=None):
    return permissions.why_not(context["request"].user, name, obj) or ""
