"""uvicorn's HTTP protocol with TCP_NODELAY set on every accepted connection.

With `--workers` > 1, uvicorn 0.54 binds the listening socket itself with protocol 0, and asyncio only
sets TCP_NODELAY on accepted sockets whose protocol is IPPROTO_TCP. Nagle's algorithm then holds back
the body of each keep-alive response until the client's delayed ACK (~40 ms per request; uvicorn issue
#3149). Setting the option when a connection is made fixes it whatever the listener looks like.
`planwatch serve` passes this class as uvicorn's `http` protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):  # the peer went away already; h11 will notice
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
