"""Server settings, from arguments or `PLANWATCH_*` environment variables (so every worker agrees)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

ENV_DATABASE = "PLANWATCH_DATABASE_URL"
ENV_SECRET = "PLANWATCH_SECRET_KEY"
ENV_PUBLIC_READ = "PLANWATCH_PUBLIC_READ"
ENV_SECURE_COOKIES = "PLANWATCH_SECURE_COOKIES"
ENV_YEAR = "PLANWATCH_EVALUATION_YEAR"

SESSION_MAX_AGE_S = 8 * 3600  # a working day: the planning office signs in once in the morning


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Settings:
    """What a running server needs to know.

    `secret_key` signs session cookies; without one a random key is made per start, which signs
    everybody out on restart (set PLANWATCH_SECRET_KEY in production). `public_read` lets visitors
    read without an account. `secure_cookies` marks cookies HTTPS-only (on behind a TLS proxy).
    `evaluation_year` is the year status is judged as of (default: the current year).
    """

    database_url: str | None = None
    secret_key: str = ""
    public_read: bool = False
    secure_cookies: bool = False
    session_max_age_s: int = SESSION_MAX_AGE_S
    evaluation_year: int | None = None

    @classmethod
    def from_env(cls) -> Settings:
        year = os.environ.get(ENV_YEAR, "").strip()
        return cls(
            database_url=os.environ.get(ENV_DATABASE) or None,
            secret_key=os.environ.get(ENV_SECRET, ""),
            public_read=_flag(os.environ.get(ENV_PUBLIC_READ)),
            secure_cookies=_flag(os.environ.get(ENV_SECURE_COOKIES)),
            evaluation_year=int(year) if year.isdigit() else None,
        )

    def with_secret(self) -> Settings:
        """These settings with a secret key, generating a random one when none was given."""
        if self.secret_key:
            return self
        return Settings(
            database_url=self.database_url,
            secret_key=secrets.token_urlsafe(32),
            public_read=self.public_read,
            secure_cookies=self.secure_cookies,
            session_max_age_s=self.session_max_age_s,
            evaluation_year=self.evaluation_year,
        )
