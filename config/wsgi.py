import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# A worker waits at most this long for PostgreSQL to answer (settings, config.postgresql).
os.environ.setdefault("DATABASE_QUERY_TIMEOUT", "10")
application = get_wsgi_application()
