"""`{% url %}` with the answers for fixed names remembered (a template builtin, so every
template gets it in place of Django's tag).

`reverse()` costs about 20 µs; a signed-in staff page has some 35 `{% url %}` tags, most of them
a literal name with no arguments (the header, the staff navigation), which always give the same
address. Such tags are looked up once per URLconf, script prefix and current namespace; tags with
arguments or a variable name go through Django's tag unchanged.
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


@lru_cache(maxsize=1024)
def _fixed_reverse(view_name: str, current_app: str | None, urlconf: str | None, prefix: str):
    return reverse(view_name, current_app=current_app, urlconf=urlconf)


def _clear(**kwargs) -> None:
    _fixed_reverse.cache_clear()


setting_changed.connect(_clear)


class FixedURLNode(URLNode):
    def render(self, context: template.Context) -> str:
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        try:
            url = _fixed_reverse(
                self.view_name.var, current_app, get_urlconf(), get_script_prefix()
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""  # as Django's tag: {% url ... as var %} of an unknown name gives ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> URLNode:
    node = django_url(parser, token)
    literal = isinstance(node.view_name.var, str) and not node.view_name.filters
    if literal and not node.args and not node.kwargs:
        return FixedURLNode(node.view_name, [], {}, node.asvar)
    return node
