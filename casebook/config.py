"""Configuration: safe defaults, overridden by CASEBOOK_* environment variables.

Each setting is read here and nowhere else, so the README's configuration table
and this file can be checked against each other.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_COMPETENCIES = (
    "strategic-direction",
    "organizational-vision",
    "incomplete-information",
    "influence-without-authority",
    "cultural-change",
    "long-term-thinking",
    "talent-identification",
    "succession-planning",
    "developing-leaders",
    "scenario-planning",
    "competitive-analysis",
    "risk-assessment",
    "decision-frameworks",
    "leading-through-ambiguity",
    "communication",
    "building-trust",
    "difficult-conversations",
    "self-awareness",
)

LEVELS = ("new-manager", "experienced-manager", "senior-manager", "executive")
# A case's optional `region` (where the decision was made) and `sector` (the kind of
# organization); the case format allows exactly these values.
REGIONS = (
    "africa",
    "asia-pacific",
    "europe",
    "latin-america",
    "middle-east",
    "north-america",
    "global",
)
SECTORS = ("business", "public", "non-profit")
DEFAULT_SECTOR = "business"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"CASEBOOK_{name}")
    return value if value not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _secret_key(instance_path: Path) -> str:
    """The key from the environment, else one generated once into instance/."""
    from_env = _env("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: two workers starting together must not each write a different key.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def build_config(instance_path: Path, overrides: dict | None = None) -> dict:
    """Every setting the app reads, from defaults, the environment and overrides."""
    overrides = dict(overrides or {})
    testing = bool(overrides.get("TESTING", False))
    debug = _env_bool("DEBUG", False)
    redis_url = _env("REDIS_URL")
    extra_competencies = [
        c.strip() for c in (_env("EXTRA_COMPETENCIES", "") or "").split(",") if c.strip()
    ]
    database_url = overrides.get("SQLALCHEMY_DATABASE_URI") or _env(
        "DATABASE_URL", f"sqlite:///{instance_path / 'casebook.sqlite3'}"
    )
    config = {
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A network database can drop idle connections. Pinging it before every request
        # cost a round trip per page view, so by default a connection that died (the
        # server restarted) fails its one request and the pool reconnects, and pooled
        # connections are replaced every 30 minutes; CASEBOOK_DATABASE_PRE_PING=true
        # pings instead (docs/operations.md).
        "SQLALCHEMY_ENGINE_OPTIONS": (
            {} if database_url.startswith("sqlite")
            else {"pool_pre_ping": _env_bool("DATABASE_PRE_PING", False), "pool_recycle": 1800}
        ),
        "REDIS_URL": redis_url,
        # Live sessions' versions in Redis sit under this prefix (cohorts/live_version.py),
        # so sites sharing one Redis keep apart.
        "LIVE_REDIS_PREFIX": _env("LIVE_REDIS_PREFIX", "casebook"),
        "CASES_DIR": _env("CASES_DIR", str(PROJECT_ROOT / "cases")),
        "COMPETENCIES": DEFAULT_COMPETENCIES + tuple(extra_competencies),
        # 2 MiB: a case file is at most 1 MiB; anything larger is refused with 413.
        "MAX_CONTENT_LENGTH": int(_env("MAX_CONTENT_LENGTH", str(2 * 1024 * 1024))),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("SECURE_COOKIES", not (debug or testing)),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _env_bool("SECURE_COOKIES", not (debug or testing)),
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Limit strings in the `limits` syntax ("6 per minute"). Sign-in counts only failed
        # attempts, per email address and per client address separately.
        "RATELIMIT_SIGN_IN": _env("RATELIMIT_SIGN_IN", "6 per minute"),
        "RATELIMIT_REGISTER": _env("RATELIMIT_REGISTER", "10 per hour"),
        "RATELIMIT_PASSWORD_RESET": _env("RATELIMIT_PASSWORD_RESET", "5 per 15 minutes"),
        # Every POST, per client address, across the whole site.
        "RATELIMIT_WRITES": _env("RATELIMIT_WRITES", "60 per minute"),
        # Behind a reverse proxy, how many X-Forwarded-* hops to trust (0: none). Without
        # it every client has the proxy's address, and per-address limits become global.
        "PROXY_FIX_HOPS": int(_env("PROXY_FIX_HOPS", "0")),
        "PASSWORD_RESET_MAX_AGE": 3600,
        "EMAIL_CONFIRM_MAX_AGE": 24 * 3600,
        "WTF_CSRF_TIME_LIMIT": None,
        "PAGE_SIZE": 24,
        # Fingerprinted and compressed copies of casebook/static, made at start-up
        # (casebook/static_files.py); any writable folder, kept between restarts.
        "STATIC_BUILD_DIR": _env("STATIC_BUILD_DIR", str(instance_path / "static-build")),
        "SMTP_HOST": _env("SMTP_HOST"),
        "SMTP_PORT": int(_env("SMTP_PORT", "587")),
        "SMTP_USERNAME": _env("SMTP_USERNAME"),
        "SMTP_PASSWORD": _env("SMTP_PASSWORD"),
        "SMTP_STARTTLS": _env_bool("SMTP_STARTTLS", True),
        "MAIL_FROM": _env("MAIL_FROM", "Casebook <no-reply@localhost>"),
        "TESTING": testing,
        "DEBUG": debug,
    }
    config.update(overrides)
    return config


WORKER_WARNING = "rate limits are counted per worker"


def per_worker_rate_limit_warning(workers: int) -> str | None:
    """What to log when `workers` processes would each count rate limits on their own
    (limits on, no CASEBOOK_REDIS_URL); None when the limits hold as configured.

    gunicorn.conf.py calls it once at start-up, with gunicorn's final worker count.
    """
    if workers <= 1 or not _env_bool("RATELIMIT_ENABLED", True) or _env("REDIS_URL"):
        return None
    return (
        f"{WORKER_WARNING}: {workers} workers and no CASEBOOK_REDIS_URL, so each worker "
        f"keeps its own counts and a client gets up to {workers} times every limit. "
        "Set CASEBOOK_REDIS_URL (see docs/operations.md) to share them."
    )

