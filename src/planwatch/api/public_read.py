"""The API answers anonymous (public-read) requests without account names or unreviewed figures.

A pure ASGI middleware around the API: when the request's principal turns out to be anonymous, the
JSON body is decoded, passed through `public_json` (the same staff-only field list the pages use) and
re-encoded. Signed-in readers and non-JSON answers pass through untouched and unbuffered.
"""

from __future__ import annotations

import contextlib
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planwatch.domain.accounts import Principal
from planwatch.services.public_view import public_json


class PublicReadMiddleware:
    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_public(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                principal = scope.get("state", {}).get("principal")
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                is_json = content_type.startswith(b"application/json")
                anonymous = not isinstance(principal, Principal) or principal.is_anonymous
                if is_json and anonymous:
                    start = message  # hold the headers until the body is rewritten
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                with contextlib.suppress(ValueError):  # not JSON after all: send it as it was
                    body = json.dumps(public_json(json.loads(body)), ensure_ascii=False).encode()
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, send_public)
