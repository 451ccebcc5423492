"""Django settings, driven entirely by environment variables (see the README's table)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import dj_database_url

from yanit.config import data_dir, env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("YANIT_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
YANIT_BASE_URL = env_str("YANIT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [YANIT_BASE_URL])
YANIT_DEMO = env_bool("YANIT_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "yanit.core",
    "yanit.accounts",
    "yanit.contacts",
    "yanit.inboxes",
    "yanit.conversations",
    "yanit.connectors",
    "yanit.connectors.email",
    "yanit.connectors.webchat",
    "yanit.connectors.form",
    "yanit.replies",
    "yanit.sla",
    "yanit.notifications",
    "yanit.routing",
    "yanit.automation",
    "yanit.kb",
    "yanit.bot",
    "yanit.helpcenter",
    "yanit.realtime",
    "yanit.api",
    "yanit.web",
    "yanit.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "yanit.web.middleware.language_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "yanit.urls"
ASGI_APPLICATION = "yanit.asgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "web:inbox"
LOGOUT_REDIRECT_URL = "backoffice:login"

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
                "yanit.web.context.workspace_context",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Under ASGI, persistent connections leak; psycopg's pool is the supported way.
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": env_int("YANIT_DB_POOL_SIZE", 20),
            "timeout": 10,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "yanit.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
                    "PRAGMA foreign_keys=ON; PRAGMA cache_size=-20000;"
                ),
            },
            # Opening a SQLite connection and running the pragmas above costs ~10 % of an inbound
            # request; unlike PostgreSQL under ASGI, SQLite connections live in the one thread
            # Django runs sync views in, so keeping them doesn't leak.
            "CONN_MAX_AGE": 600,
            # A file, not :memory:, so tests see real locking between threads and processes.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- jobs and real-time ---------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("YANIT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # Redis pub/sub ignores the database number: without a per-database prefix, two
            # installations sharing one Redis server would see each other's events.
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env_str("YANIT_CHANNEL_PREFIX")
                or "yanit" + (urlparse(REDIS_URL).path.strip("/") or "0"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "yanit.realtime.layers.SweepingInMemoryChannelLayer",
            # Group memberships expire after a day by default: an inbox tab left open overnight
            # would silently stop receiving events. Sockets leave their groups when they close.
            "CONFIG": {"group_expiry": 60 * 60 * 24 * 365},
        }
    }

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", "Türkçe"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("YANIT_TIME_ZONE", "Europe/Istanbul")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "yanit_lang"

# --- files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- limits ---------------------------------------------------------------------------------
YANIT_MAX_BODY_BYTES = env_int("YANIT_MAX_BODY_BYTES", 1_048_576)
YANIT_MAX_ATTACHMENT_BYTES = env_int("YANIT_MAX_ATTACHMENT_BYTES", 25 * 1_048_576)
# Images and videos uploaded into knowledge base articles.
YANIT_KB_MAX_ASSET_BYTES = env_int("YANIT_KB_MAX_ASSET_BYTES", 20 * 1_048_576)
# The largest raw email taken by the inbound-email API (attachments included, base64-encoded).
YANIT_MAX_EMAIL_BYTES = env_int("YANIT_MAX_EMAIL_BYTES", 35 * 1_048_576)
# Started beside the task worker in every worker process (``yanit worker``, ``yanit serve``).
YANIT_WORKER_SERVICES = env_list(
    "YANIT_WORKER_SERVICES", ["yanit.connectors.email.watcher.start_mailbox_watchers"]
)
DATA_UPLOAD_MAX_MEMORY_SIZE = YANIT_MAX_ATTACHMENT_BYTES + 1_048_576
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
YANIT_WEBHOOK_MAX_ATTEMPTS = env_int("YANIT_WEBHOOK_MAX_ATTEMPTS", 8)
YANIT_WEBHOOK_TIMEOUT = env_int("YANIT_WEBHOOK_TIMEOUT", 10)
# Live chat widget rate limits: (hits, seconds) per visitor and per network (IPv4 /24, IPv6 /48).
YANIT_WIDGET_VISITOR_MESSAGES = (env_int("YANIT_WIDGET_VISITOR_MESSAGES_PER_10S", 20), 10)
YANIT_WIDGET_IP_MESSAGES = (env_int("YANIT_WIDGET_IP_MESSAGES_PER_MINUTE", 60), 60)
YANIT_WIDGET_IP_SESSIONS = (env_int("YANIT_WIDGET_IP_SESSIONS_PER_HOUR", 30), 3600)
YANIT_WIDGET_VISITOR_ACTIONS = (env_int("YANIT_WIDGET_VISITOR_ACTIONS_PER_HOUR", 10), 3600)

# --- email (system mail: password resets, invitations; channels have their own SMTP) ---------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "yanit <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_host = env_str("EMAIL_HOST")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": 20,
            },
        }
    }
else:
    # Without an SMTP server, system mail lands in the data dir as files (the README says where).
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "outbox")},
        }
    }

# --- security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = YANIT_BASE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("YANIT_LOG_LEVEL", "INFO")},
    "loggers": {
        "django_tasks_db": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "uvicorn.access": {"level": "WARNING"},
    },
}
