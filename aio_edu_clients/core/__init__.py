"""The vendor-agnostic core: pool, transport, auth, limits, retries, paging, models, operations.

Nothing in here knows a vendor. Vendor packages declare what is theirs (models,
resources, auth flavour, paging style, quirks) and inherit the rest from here.
"""
