from django import template

from councils.models import BusinessUnit
from councils.scope import ServiceKind

register = template.Library()


@register.filter
def service_labels(unit: BusinessUnit) -> list[str]:
    """The unit's kinds of service as translated labels, in the catalogue's order."""
    chosen = set(unit.services)
    return [str(label) for value, label in ServiceKind.choices if value in chosen]
