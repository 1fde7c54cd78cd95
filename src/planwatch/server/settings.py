"""Server settings, from arguments or `PLANWATCH_*` environment variables (so every worker agrees)."""

from __future__ import annotations

import dataclasses
import os
import secrets
from dataclasses import dataclass

ENV_DATABASE = "PLANWATCH_DATABASE_URL"
ENV_SECRET = "PLANWATCH_SECRET_KEY"
ENV_PUBLIC_READ = "PLANWATCH_PUBLIC_READ"
ENV_SECURE_COOKIES = "PLANWATCH_SECURE_COOKIES"
ENV_ALLOW_PLAIN_HTTP = "PLANWATCH_ALLOW_PLAIN_HTTP"
ENV_TRUSTED_PROXIES = "PLANWATCH_TRUSTED_PROXIES"
ENV_MAX_BODY_MB = "PLANWATCH_MAX_BODY_MB"
ENV_YEAR = "PLANWATCH_EVALUATION_YEAR"

SESSION_MAX_AGE_S = 8 * 3600  # a working day: the planning office signs in once in the morning
SESSION_IDLE_S = 2 * 3600  # a session left alone for two hours ends (a lunch break does not)
MAX_BODY_BYTES = 12 * 1024 * 1024  # the 10 MB upload limit plus the multipart envelope and the form


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _addresses(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip())


@dataclass(frozen=True, slots=True)
class Settings:
    """What a running server needs to know.

    `secret_key` signs session cookies; without one a random key is made per start, which signs
    everybody out on restart (set PLANWATCH_SECRET_KEY in production). `public_read` lets visitors
    read without an account. `evaluation_year` is the year status is judged as of (default: this year).

    Cookies and transport: the session cookie is marked `Secure` whenever the request came over HTTPS
    (directly, or through a trusted proxy's X-Forwarded-Proto); `secure_cookies` marks it `Secure`
    always (a TLS proxy that does not pass the scheme on). Signing in over plain HTTP is refused from
    any machine but this one, because the password and the session cookie would cross the network in
    clear: `allow_plain_http` (PLANWATCH_ALLOW_PLAIN_HTTP=1, `serve --allow-plain-http`) is the switch
    for a trusted internal network without TLS.

    `trusted_proxies` are the addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto
    are believed (PLANWATCH_TRUSTED_PROXIES="127.0.0.1,10.0.0.2"); with none, the client address is the
    TCP peer's and forwarding headers are ignored, so a local process cannot pose as many clients.
    `max_body_bytes` bounds every request body, counted while it arrives.
    """

    database_url: str | None = None
    secret_key: str = ""
    public_read: bool = False
    secure_cookies: bool = False
    allow_plain_http: bool = False
    trusted_proxies: tuple[str, ...] = ()
    session_max_age_s: int = SESSION_MAX_AGE_S
    session_idle_s: int = SESSION_IDLE_S
    max_body_bytes: int = MAX_BODY_BYTES
    evaluation_year: int | None = None

    @classmethod
    def from_env(cls) -> Settings:
        year = os.environ.get(ENV_YEAR, "").strip()
        body_mb = os.environ.get(ENV_MAX_BODY_MB, "").strip()
        return cls(
            database_url=os.environ.get(ENV_DATABASE) or None,
            secret_key=os.environ.get(ENV_SECRET, ""),
            public_read=_flag(os.environ.get(ENV_PUBLIC_READ)),
            secure_cookies=_flag(os.environ.get(ENV_SECURE_COOKIES)),
            allow_plain_http=_flag(os.environ.get(ENV_ALLOW_PLAIN_HTTP)),
            trusted_proxies=_addresses(os.environ.get(ENV_TRUSTED_PROXIES)),
            max_body_bytes=int(body_mb) * 1024 * 1024 if body_mb.isdigit() else MAX_BODY_BYTES,
            evaluation_year=int(year) if year.isdigit() else None,
        )

    def with_secret(self) -> Settings:
        """These settings with a secret key, generating a random one when none was given."""
        if self.secret_key:
            return self
        return dataclasses.replace(self, secret_key=secrets.token_urlsafe(32))
