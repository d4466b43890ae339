"""``python -m aio_edu_clients``: see `aio_edu_clients.demo`."""

import sys

from .demo import main

sys.exit(main())
