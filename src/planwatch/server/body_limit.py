"""A bound on every request body, enforced while it arrives, before anything reads the form.

Without it an anonymous client's 300 MB multipart body was spooled to the temp folder (and a 100 MB
JSON body read into memory) before CSRF or authentication refused it. A declared Content-Length over
the limit is answered 413 at once, without reading a byte; a body without one (chunked) is counted as
it is received and cut off at the limit, so no more than the limit is ever read or spooled.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/api"


def too_large_message(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    size = f"{megabytes:.0f} MB" if megabytes >= 1 else f"{limit} 字节"
    return f"请求内容过大（超过 {size}），服务器未处理。上传文件请缩小或拆分后重试。"


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the limit (FastAPI re-raises HTTPExceptions)."""


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = too_large_message(self.max_bytes)
        path = str(scope.get("path", ""))
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            body = json.dumps(
                {"error": {"code": "payload_too_large", "message": message}}, ensure_ascii=False
            )
            content_type = b"application/json"
        else:
            body = (
                '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请求内容过大</title>'
                f"<h1>请求内容过大</h1><p>{message}</p></html>"
            )
            content_type = b"text/html; charset=utf-8"
        data = body.encode()
        headers = [(b"content-type", content_type), (b"content-length", str(len(data)).encode())]
        headers.append((b"connection", b"close"))  # the rest of the body is not read
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(413, too_large_message(self.max_bytes))
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, send)
