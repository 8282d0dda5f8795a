import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# A worker waits at most this long for PostgreSQL to answer (settings, config.postgresql);
# left empty, the variable keeps this default as the settings' others keep theirs.
if not os.environ.get("DATABASE_QUERY_TIMEOUT", "").strip():
    os.environ["DATABASE_QUERY_TIMEOUT"] = "10"
application = get_wsgi_application()
