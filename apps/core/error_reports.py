"""What error reports (the debug page, e-mails to admins) may show of a request.

Django's ``SafeExceptionReporterFilter`` hides what ``sensitive_variables`` and
``sensitive_post_parameters`` mark, but only when ``DEBUG`` is off: the debug
page of a development or staging server would show the IIN a person typed.
Civic hides marked data always, and a few fields by their name too, because
an error can happen before the view marks anything (a middleware refusing the
request, a failed CSRF check) and those fields are secret on every page.
"""

from __future__ import annotations

import re

from django.utils.datastructures import MultiValueDict
from django.views.debug import SafeExceptionReporterFilter

# The IIN, passwords (allauth's password, password1, oldpassword...), one-time and
# recovery codes of the second factor, tokens (including the CSRF token).
ALWAYS_HIDDEN_FIELDS = re.compile(r"^(iin|code)$|pass|token|secret", flags=re.IGNORECASE)


class PersonalDataFilter(SafeExceptionReporterFilter):
    def is_active(self, request) -> bool:
        # Unlike Django's, whatever DEBUG says: hiding only what the code marks
        # costs a developer little, and the people whose data it is, a lot.
        return True

    def _cleanse(self, request, data: MultiValueDict) -> MultiValueDict:
        marked = getattr(request, "sensitive_post_parameters", ())
        hidden = [name for name in data if marked == "__ALL__" or name in marked or ALWAYS_HIDDEN_FIELDS.search(name)]
        if not hidden:
            return data
        data = data.copy()
        for name in hidden:
            data[name] = self.cleansed_substitute
        return data

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return self._cleanse(request, request.POST)

    def get_cleansed_multivaluedict(self, request, multivaluedict):
        # Any MultiValueDict among a frame's variables (request.POST passed on as ``data``).
        return self._cleanse(request, multivaluedict)
