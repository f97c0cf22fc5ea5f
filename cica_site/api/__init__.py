"""What every app's API shares: rendering, errors, pagination, throttling, conditional requests.

Each app owns its endpoints (`membership/api/`, `bodies/api/`, `cbm/api/`); this package holds
only the machinery they have in common and the root of /api/v1/.
"""
