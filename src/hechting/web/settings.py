"""One env-driven settings file. SQLite by default; DATABASE_URL switches to PostgreSQL.

Environment:
  HECHTING_DEBUG=1          development mode (never in production)
  HECHTING_SECRET_KEY       required in production; otherwise kept in HECHTING_DATA_DIR
  HECHTING_DATA_DIR         where the SQLite file, the secret key and the journal key live
  HECHTING_ALLOWED_HOSTS    comma-separated host names
  HECHTING_SECURE=1         HTTPS-only cookies, HSTS, SSL redirect (behind TLS in production)
  DATABASE_URL              e.g. postgres://postgres@127.0.0.1:5432/hechting
  HECHTING_JOURNAL_KEYS     comma-separated Fernet keys for journal text, first = current;
                            otherwise HECHTING_DATA_DIR/journal.keys (created 0600 on first use)
  HECHTING_SESSION_DAYS     how long "keep me signed in" lasts (default 14)
  HECHTING_CACHE_URL        redis://host:6379/0 for Redis; default: the database cache (a table
                            in the same database), shared by all app processes
  HECHTING_TRUSTED_PROXIES  comma-separated addresses (or networks) of the reverse proxies whose
                            X-Forwarded-For / X-Forwarded-Proto are believed; from any other
                            peer those headers are dropped
  HECHTING_FHIR_BASE        the canonical base of our FHIR resources, e.g.
                            https://hechting.example.org/fhir (default: this server's /fhir)
  HECHTING_ANONYMOUS_DAYS   days after the last answer that an unfinished anonymous assessment
                            is kept before `hechting manage purge_abandoned` deletes it (30)
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("HECHTING_DATA_DIR") or Path.cwd() / "var").resolve()
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: keys and SQLite live here
DEBUG = env_bool("HECHTING_DEBUG")
SECURE = env_bool("HECHTING_SECURE")


def _create_private_file(path: Path, text: str = "") -> None:
    """Create `path` readable by its owner only (0600), never briefly wider."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process was first
        return
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def env_addresses(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    try:
        return [ipaddress.ip_network(v, strict=False) for v in env_list(name, "")]
    except ValueError as exc:
        raise ValueError(f"{name} must be comma-separated IP addresses or networks: {exc}") from exc


def _secret_key() -> str:
    if key := os.environ.get("HECHTING_SECRET_KEY"):
        return key
    # A local install keeps a generated key next to its database, never in the repository.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        _create_private_file(path, secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("HECHTING_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "hechting.web",
    "hechting.content",
    "hechting.assessments",
    "hechting.api",
    "hechting.reports",
    "hechting.accounts",
    "hechting.program",
    "hechting.links",
    "hechting.together",
]

MIDDLEWARE = [
    # First: the client address and scheme must be settled before anything uses them.
    "hechting.web.middleware.TrustedProxyMiddleware",
    "hechting.web.middleware.NoStoreMiddleware",
    "hechting.api.middleware.JsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hechting.program.middleware.JournalKeyErrorMiddleware",
]

ROOT_URLCONF = "hechting.web.urls"
WSGI_APPLICATION = "hechting.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'hechting.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let concurrent respondents write without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Each server thread keeps its connection (no reconnect + PRAGMAs per request); bench/load.py.
    DATABASES["default"]["CONN_MAX_AGE"] = None
    sqlite_file = Path(DATABASES["default"]["NAME"])
    if sqlite_file.parent == DATA_DIR:
        # SQLite would create it 0644 (and its -wal/-shm files take the same mode).
        _create_private_file(sqlite_file)
        if sqlite_file.stat().st_mode & 0o077:
            sqlite_file.chmod(0o600)

# Counts that every app process must share (login failures, throttles): Django's database cache
# by default (no extra service; `hechting serve` creates its table), Redis when configured.
if cache_url := os.environ.get("HECHTING_CACHE_URL"):
    if not cache_url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"HECHTING_CACHE_URL must be a redis:// URL, not {cache_url!r}")
    CACHES: dict[str, dict[str, object]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "hechting.web.cache.AtomicDatabaseCache",
            "LOCATION": "hechting_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
TRUSTED_PROXIES = env_addresses("HECHTING_TRUSTED_PROXIES")
HECHTING_FHIR_BASE = os.environ.get("HECHTING_FHIR_BASE", "").rstrip("/")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("HECHTING_STATIC_ROOT") or None  # only for collectstatic deployments
WHITENOISE_USE_FINDERS = True  # serve app static files directly; no collectstatic step needed
WHITENOISE_AUTOREFRESH = DEBUG

# Accounts: sessions end at browser close unless "keep me signed in" is ticked (then this age).
SESSION_COOKIE_AGE = 60 * 60 * 24 * int(os.environ.get("HECHTING_SESSION_DAYS") or 14)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "program:overview"
LOGOUT_REDIRECT_URL = "home"
ANONYMOUS_DAYS = int(os.environ.get("HECHTING_ANONYMOUS_DAYS") or 30)
# Limits (hechting.web.throttle): scope -> (attempts, window in seconds).
THROTTLES = {
    "login-email": (5, 15 * 60),  # sign-in attempts per email address
    "login-ip": (30, 15 * 60),  # failed sign-ins per client address
    # New assessments per client address, API and pages together: a class of thirty taking
    # three questionnaires each fits; a script creating hundreds a minute does not.
    "create-ip": (150, 10 * 60),
    "pdf": (5, 60),  # PDFs rendered per person (account, or client address without one)
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # No SECURE_PROXY_SSL_HEADER: TrustedProxyMiddleware believes X-Forwarded-Proto only from
    # HECHTING_TRUSTED_PROXIES and sets the request's scheme itself.
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Everything comes from our own origin: no CDNs, no trackers, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
