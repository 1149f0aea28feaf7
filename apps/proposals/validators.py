"""Checks of what a person types into a proposal, shared by the form and the services.

Each returns the cleaned values or raises one ``ValidationError`` naming every
problem, so that a page shows them all at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.text import count, render_markdown
from apps.proposals.images import CleanImage, clean_image
from apps.proposals.models import MAX_IMAGES, Category

TITLE_MIN, TITLE_MAX = 10, 150
BODY_MIN, BODY_MAX = 30, 10_000
REASON_MAX = 5_000
COST_MAX = Decimal("1000000000000")  # a trillion tenge: more is a typing error
#: Where a point may be on the globe at all: checked first, so that a person never reads about the
#: digits the database keeps (latitude 150 is "between -90 and 90", not "2 digits before the point").
LATITUDE_LIMITS = (Decimal(-90), Decimal(90))
LONGITUDE_LIMITS = (Decimal(-180), Decimal(180))
#: Kazakhstan with a margin: a point outside is a mistake (often latitude and longitude swapped).
LATITUDE_RANGE = (Decimal("40.0"), Decimal("56.0"))
LONGITUDE_RANGE = (Decimal("46.0"), Decimal("88.0"))
#: The places the database keeps (``Proposal.latitude``): a map application may give more.
LOCATION_PLACES = Decimal("0.000001")


def location_errors(latitude: Decimal | None, longitude: Decimal | None) -> dict[str, list[str]]:
    """What is wrong with a point, by field: on the globe, both or neither, inside Kazakhstan; {} when fine.

    The form asks it too, so a person sees a swapped point together with the form's own errors.
    """
    errors: dict[str, list[str]] = {}
    if latitude is not None and not (LATITUDE_LIMITS[0] <= latitude <= LATITUDE_LIMITS[1]):
        errors["latitude"] = [_("Latitude must be between -90 and 90.")]
    if longitude is not None and not (LONGITUDE_LIMITS[0] <= longitude <= LONGITUDE_LIMITS[1]):
        errors["longitude"] = [_("Longitude must be between -180 and 180.")]
    if errors:
        return errors
    if (latitude is None) != (longitude is None):
        return {"latitude": [_("Give both latitude and longitude, or neither.")]}
    if latitude is not None and not (
        LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1] and LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
    ):
        return {
            "latitude": [
                _(
                    "This point is outside Kazakhstan. "
                    "Check that latitude (about 40–56) and longitude (about 46–88) are not swapped."
                )
            ]
        }
    return {}


def _kept_places(value) -> Decimal | None:
    """A coordinate rounded to the places the database keeps (callers may pass floats)."""
    return None if value is None else Decimal(str(value)).quantize(LOCATION_PLACES)


def body_too_long_message(length: int) -> str:
    """What a person is told about a description over ``BODY_MAX``: how long it is, by how much to shorten it."""
    return ngettext(
        "The description has %(length)s character; the limit is %(limit)s. Shorten it by %(excess)s.",
        "The description has %(length)s characters; the limit is %(limit)s. Shorten it by %(excess)s.",
        length,
    ) % {"length": count(length), "limit": count(BODY_MAX), "excess": count(length - BODY_MAX)}


def clean_fields(*, title, body, category, estimated_cost, latitude, longitude) -> dict:
    """The proposal's text fields, cleaned, with the derived ones (HTML, search text)."""
    errors: dict[str, list] = {}
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if len(title) < TITLE_MIN or len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(
            _("The title needs %(min)d to %(max)d characters; it has %(length)d.")
            % {"min": TITLE_MIN, "max": TITLE_MAX, "length": len(title)}
        )
    if len(body) > BODY_MAX:
        errors.setdefault("body", []).append(body_too_long_message(len(body)))
    elif len(body) < BODY_MIN:
        errors.setdefault("body", []).append(
            _("The description needs %(min)d to %(max)d characters; it has %(length)d.")
            % {"min": BODY_MIN, "max": BODY_MAX, "length": len(body)}
        )
    if category not in Category.values:
        errors.setdefault("category", []).append(_("Choose a category from the list."))
    if estimated_cost is not None and not (0 <= estimated_cost <= COST_MAX):
        errors.setdefault("estimated_cost", []).append(
            _("The estimated cost is a number of tenge between 0 and 1,000,000,000,000.")
        )
    for name, messages in location_errors(latitude, longitude).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "body": body,
        "body_html": render_markdown(body),
        "category": category,
        "estimated_cost": estimated_cost,
        "latitude": _kept_places(latitude),
        "longitude": _kept_places(longitude),
        "search_text": f"{title}\n{body}".casefold(),
    }


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError(
            _("The text may have at most %(max)d characters; it has %(length)d.")
            % {"max": REASON_MAX, "length": len(reason)},
            code="too_long",
        )
    return reason


def all_checked(*checks):
    """Run every check and raise one ValidationError with all their messages.

    A form then shows every problem at once (a point outside Kazakhstan *and* a
    photo that is not a photo), instead of one per submission.
    """
    results, errors = [], {}
    for check in checks:
        try:
            results.append(check())
        except ValidationError as error:
            for name, messages in error.update_error_dict({}).items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return results


def clean_images(uploads, *, room: int) -> list[CleanImage]:
    """Decode and re-encode the uploaded photos (the costly step: callers check everything cheaper first)."""
    uploads = [upload for upload in (uploads or []) if upload]
    if len(uploads) > room:
        raise ValidationError(
            {
                "images": _("A proposal may have at most %(max)d photos; you can add %(room)d more.")
                % {"max": MAX_IMAGES, "room": room}
            }
        )
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_image(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"images": errors})
    return cleaned
