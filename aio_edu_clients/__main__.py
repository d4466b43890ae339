"""``python -m aio_edu_clients``: the ``aio-edu`` command line (see `aio_edu_clients.cli`).

``python -m aio_edu_clients demo`` runs the tour in `aio_edu_clients.demo`.
"""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C before `main` could catch it: its exit code, silently
    sys.exit(130)

sys.exit(main())
