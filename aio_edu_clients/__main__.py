"""``python -m aio_edu_clients``: the ``aio-edu`` command line (see `aio_edu_clients.cli`).

``python -m aio_edu_clients demo`` runs the tour in `aio_edu_clients.demo`.
"""

import sys

from .cli import main

sys.exit(main())
