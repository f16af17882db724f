"""bench/load.py's server: the app's own settings and middleware, plus one bare view.

The bare view (bare_urls.py) parses a small JSON body, does one INSERT and answers JSON: the
floor that Django, the middleware, the server and the database set for any request. The answer
endpoint is measured against it in the same run and the same server set-up.
"""

from hechting.web.settings import *  # noqa: F403 - everything the app runs with, unchanged

ROOT_URLCONF = "bare_urls"
