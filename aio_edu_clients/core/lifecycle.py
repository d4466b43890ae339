"""``async with`` for anything that has ``aclose()``."""

from __future__ import annotations

import warnings
from types import TracebackType
from typing import Self


class AsyncCloseable:
    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def warn_unclosed(obj: object, kind: str) -> None:
    """The ``ResourceWarning`` aiohttp also gives for sessions nobody closed."""
    warnings.warn(
        f"Unclosed {kind} {obj!r}: use 'async with' or call aclose()",
        ResourceWarning,
        stacklevel=3,
        source=obj,
    )
