"""Kazakhstan's individual identification number (IIN, ИИН / ЖСН).

12 digits: YYMMDD (date of birth), a century-and-sex digit (1/2: 1800s,
3/4: 1900s, 5/6: 2000s; odd = male), four serial digits and a check digit.
Check digit: Σ dᵢ·wᵢ mod 11 with weights 1..11; if that gives 10, again with
weights 3..11,1,2; a second 10 means the number is never issued.

The number itself is personal data (it reveals date of birth and sex): it is
validated here, then only an HMAC fingerprint and the last four digits are kept.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

# ASCII digits only: str.isdigit() also accepts "７" and "²", which would give
# another fingerprint for the same person (or crash int()).
IIN_RE = re.compile(r"[0-9]{12}")

WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


# Error reports mask, in each frame, the names that the nearest marked function up
# the stack lists. Every local of the functions below holds the IIN or something
# derived from it (digits, the date of birth, the hash key), so each is marked
# itself, with no names: all of its variables, and those of what it calls, are hidden.
@sensitive_variables()
def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for these 11, or None when no valid IIN starts with them."""
    digits = [int(c) for c in first_eleven]
    value = sum(d * w for d, w in zip(digits, WEIGHTS_1, strict=True)) % 11
    if value == 10:
        value = sum(d * w for d, w in zip(digits, WEIGHTS_2, strict=True)) % 11
    return None if value == 10 else value


@sensitive_variables()
def birth_date(iin: str) -> datetime.date:
    """The date of birth the IIN encodes; ValueError when it is not a real date."""
    century = CENTURIES.get(int(iin[6]))
    if century is None:
        raise ValueError("century digit")
    return datetime.date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))


@sensitive_variables()
def validate_iin(value: str) -> str:
    """Return the IIN as 12 digits or raise a ValidationError saying what is wrong."""
    iin = "".join((value or "").split())
    if not IIN_RE.fullmatch(iin):
        raise ValidationError(_("An IIN has exactly 12 digits."), code="format")
    if int(iin[6]) not in CENTURIES:
        raise ValidationError(_("The 7th digit of an IIN (century and sex) must be 1 to 6."), code="century")
    try:
        born = birth_date(iin)
    except ValueError:
        raise ValidationError(
            _("The first six digits of an IIN are the date of birth (YYMMDD); this date does not exist."),
            code="date",
        ) from None
    if born > datetime.date.today():  # noqa: DTZ011 (a birth date has no time zone)
        raise ValidationError(_("The date of birth in this IIN is in the future."), code="date")
    expected = check_digit(iin[:11])
    if expected is None or expected != int(iin[11]):
        raise ValidationError(_("This IIN is not valid: its check digit does not match."), code="checksum")
    return iin


@sensitive_variables()
def iin_fingerprint(iin: str) -> str:
    """Keyed hash of an IIN: equal IINs give equal fingerprints, but the IIN cannot be recovered."""
    key = settings.IDENTIFIER_HASH_KEY.encode()
    return hmac.new(key, f"iin:{iin}".encode(), hashlib.sha256).hexdigest()
