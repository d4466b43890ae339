"""How long each resource of an export waited for rate permits, and the export as a whole.

The client counts the wait of its whole credential, but an export runs several
resources at once on that one credential, and the progress shows the wait per
resource. Each resource's task sets a `ResourceWaits` as its `permit_observer` (the
pager's own fan-out tasks inherit it), and the transport tells it about every permit.
"""

from __future__ import annotations

import time

import attrs


@attrs.define
class WaitClock:
    """Wall-clock seconds during which at least one request waited for a permit.

    Waits of concurrent resources overlap; summing them would overstate how long the
    export was held back, so the export as a whole reports this instead.
    """

    seconds: float = 0.0
    _waiting: int = 0
    _since: float = 0.0

    def enter(self) -> None:
        if self._waiting == 0:
            self._since = time.monotonic()
        self._waiting += 1

    def leave(self) -> None:
        self._waiting -= 1
        if self._waiting == 0:
            self.seconds += time.monotonic() - self._since


@attrs.define
class ResourceWaits:
    """One resource's permit waits (a `PermitObserver`), also kept on the export's clock."""

    clock: WaitClock
    waited: float = 0.0

    def waiting(self) -> None:
        self.clock.enter()

    def granted(self, waited: float) -> None:
        self.clock.leave()
        self.waited += waited
