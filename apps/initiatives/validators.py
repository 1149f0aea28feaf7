"""Input checks of initiatives, shared by the forms and the services (the services have the last word)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from apps.initiatives.models import AMOUNT_MAX_DIGITS, MAX_PHOTOS

TITLE_MIN, TITLE_MAX = 5, 200
TEXT_MIN, TEXT_MAX = 10, 10_000
NAME_MAX = 200
COMMENT_MAX = 2_000
AMOUNT_MAX = Decimal(10**AMOUNT_MAX_DIGITS - 1)
#: Budget programme codes as the budget classification writes them: "123", "123-011", "451 015 000".
PROGRAMME_CODE = re.compile(r"^\d{3}([ .\-/]?\d{3}){0,3}$")
#: How far back an update may be dated (a report typed in after a week without a signal is fine, a year is not).
BACKDATE_DAYS = 60


def clean_text(value: str, *, label: str, minimum: int = TEXT_MIN, maximum: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ValidationError(
            _("%(label)s must have at least %(min)d characters.") % {"label": label, "min": minimum}, code="too_short"
        )
    if len(value) > maximum:
        raise ValidationError(
            _("%(label)s may have at most %(max)d characters; it has %(length)d.")
            % {"label": label, "max": maximum, "length": len(value)},
            code="too_long",
        )
    return value


def clean_amount(value, *, label: str):
    if value is None or value == "":
        return None
    amount = Decimal(value)
    if amount < 0 or amount > AMOUNT_MAX:
        raise ValidationError(
            _("%(label)s must be between 0 and %(max)s tenge.")
            % {"label": label, "max": number_format(AMOUNT_MAX, decimal_pos=0, force_grouping=True)},
            code="amount",
        )
    return amount.quantize(Decimal(1))


def clean_percent(value) -> int:
    if value is None or not 0 <= int(value) <= 100:
        raise ValidationError(_("The percent complete is a number from 0 to 100."), code="percent")
    return int(value)


def clean_programme_code(value: str) -> str:
    value = " ".join((value or "").split())
    if value and not PROGRAMME_CODE.match(value):
        raise ValidationError(
            _("A budget programme code is written in groups of three digits, e.g. 123-011 or 451 015 000."),
            code="programme",
        )
    return value


def check_dates(start: datetime.date | None, due: datetime.date | None) -> None:
    if due is None:
        raise ValidationError(_("Give the date the work is due."), code="due_date")
    if start is not None and start > due:
        raise ValidationError(
            _("The start date (%(start)s) is after the due date (%(due)s).")
            % {"start": date_format(start, "SHORT_DATE_FORMAT"), "due": date_format(due, "SHORT_DATE_FORMAT")},
            code="dates",
        )


def check_new_due_date(due: datetime.date | None, today: datetime.date) -> None:
    if due is None:
        raise ValidationError(_("Give the new due date."), code="due_date")
    if due < today:
        raise ValidationError(_("The new due date cannot be in the past."), code="due_date")


def check_report_date(day: datetime.date | None, today: datetime.date) -> datetime.date:
    day = day or today
    if day > today:
        raise ValidationError(_("An update cannot be dated in the future."), code="reported_on")
    if day < today - datetime.timedelta(days=BACKDATE_DAYS):
        raise ValidationError(
            _("An update may be dated at most %(days)d days back.") % {"days": BACKDATE_DAYS}, code="reported_on"
        )
    return day


def check_photo_count(count: int) -> None:
    if count > MAX_PHOTOS:
        raise ValidationError(
            _("An update may have at most %(max)d photos; you chose %(count)d.") % {"max": MAX_PHOTOS, "count": count},
            code="photos",
        )
