"""The Celery application.

Configuration comes from Django settings under the ``CELERY_`` namespace
(``civic/settings.py``): the broker is ``REDIS_URL`` when set, and tasks run
eagerly in development and tests when it is not.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")

app = Celery("civic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
