"""What every loopback test server shares: ``async with``, ``aclose`` and its URL."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class LoopbackServer:
    """A server on ``host`` and an ephemeral port; subclasses say how to start and stop."""

    host: str
    _port: int | None

    async def start(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def aclose(self) -> None:
        """`close`, for `contextlib.aclosing` and friends."""
        await self.close()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the server root, no trailing slash."""
        if self._port is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._port}"
