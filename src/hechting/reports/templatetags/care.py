from django import template

from hechting.reports.care import Care, care_for_self_esteem

register = template.Library()


@register.simple_tag
def self_esteem_care(percentile: float | None) -> Care:
    """``{% self_esteem_care score.percentile as care %}``, then include reports/_care.html."""
    return care_for_self_esteem(percentile)
