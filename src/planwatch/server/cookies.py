"""The transport a request came over: `Secure` session cookies over HTTPS, and plain HTTP policy.

Starlette's SessionMiddleware marks its cookie `Secure` for every response or for none. planwatch is
often served on plain HTTP on the office's own machine and over HTTPS behind a proxy by the same
configuration, so the flag is decided per request: a response to an HTTPS request (the scheme set by
the server, or by a trusted proxy's X-Forwarded-Proto) always gets it.
"""

from __future__ import annotations

import ipaddress

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.server.settings import Settings

PLAIN_HTTP_REFUSED = (
    "此服务通过未加密的 HTTP 访问，登录密码和会话可能在网络中被截获：请通过 HTTPS 访问；"
    "如确在可信内网中使用，请管理员以 planwatch serve --allow-plain-http（或 PLANWATCH_ALLOW_PLAIN_HTTP=1）启动服务。"
)


class SecureCookieMiddleware:
    """Adds `Secure` to the session cookie of every response to an HTTPS request (or always, if forced)."""

    def __init__(self, app: ASGIApp, *, cookie: str, always: bool = False) -> None:
        self.app = app
        self.prefix = f"{cookie}=".encode()
        self.always = always

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (self.always or scope.get("scheme") == "https"):
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = []
                for name, value in message.get("headers", []):
                    if (
                        name.lower() == b"set-cookie"
                        and value.startswith(self.prefix)
                        and b"secure" not in value.lower().split(b"; ")
                    ):
                        value = value + b"; secure"
                    headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_secure)


def is_remote(host: str | None) -> bool:
    """True for a network peer other than this machine; a Unix-socket peer (no IP address) is local."""
    if not host:
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # not an address: a Unix socket, or an in-process test client


def sign_in_refused(request: Request, settings: Settings) -> bool:
    """True when a sign-in would send a password and a session cookie over plain HTTP across a network."""
    if request.url.scheme == "https" or settings.allow_plain_http:
        return False
    return is_remote(request.client.host if request.client else None)


def client_address(request: Request) -> str:
    """The client's address: the TCP peer, or what a trusted proxy says it forwarded (set by the app)."""
    return request.client.host if request.client else "unknown"
