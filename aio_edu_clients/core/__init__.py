"""The vendor-agnostic core: pool, transport, auth, limits, retries, paging, models, operations.

Nothing in here knows a vendor. Vendor packages declare what is theirs (models,
resources, auth flavour, paging style, quirks) and inherit the rest from here.
"""

import logging

# Silent by default, as a library should be: the application decides what to show.
# Here, not in the package's lazy __init__: every module that logs imports core first.
logging.getLogger("aio_edu_clients").addHandler(logging.NullHandler())
