import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hechting.web.settings")
application = get_wsgi_application()

# Whatever server loads us: never serve with journal keys that cannot open the stored text.
from django.db import connections  # noqa: E402

from hechting.program.crypto import check_keys  # noqa: E402

check_keys()
connections.close_all()  # gunicorn loads us before forking: no connection may be shared
