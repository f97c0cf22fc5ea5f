from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousClientThrottle(AnonRateThrottle):
    """AnonRateThrottle reading its rate (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]) on
    each request: DRF's own class reads it once at import, so a changed setting never applies."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
