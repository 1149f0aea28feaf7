"""Date and number formats for Kazakh, which Django does not ship (``django/conf/locale/kk`` has
only messages). Without them Kazakh pages fell back to the American defaults: "Dec. 1, 2026",
"12/01/2026 12:08 p.m." and numbers without digit grouping ("2500000 теңге").

Dates are numeric, 01.12.2026, as in Kazakh official documents and forms: a written date
("2026 жылғы 1 желтоқсан") needs lower-case month names that Django's Kazakh catalogue spells
with a capital. Time is 24-hour; numbers are grouped by a non-breaking space, 2 500 000.
"""

# The *_FORMAT strings use Django's date format syntax.
DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d.m.Y H:i"
YEAR_MONTH_FORMAT = "m.Y"
MONTH_DAY_FORMAT = "d.m"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '01.12.2026'
    "%d.%m.%y",  # '01.12.26'
    "%Y-%m-%d",  # '2026-12-01' (what <input type="date"> sends)
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S.%f",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
