"""The production application, plus the uploaded media that nginx serves in a deployment.

The audit runs gunicorn on this so that covers load as they would behind the web server,
without turning on Django's debug-only media route.
"""

import os

from whitenoise import WhiteNoise

from config.wsgi import application as django_application

application = WhiteNoise(
    django_application, root=os.environ["MEDIA_ROOT"], prefix="/media/", max_age=3600
)
