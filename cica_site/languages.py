"""The Secretariat's two working languages, English and Russian."""

from django.utils.translation import get_language


def in_language(text_en: str, text_ru: str) -> str:
    """The Russian text on Russian pages when there is one; otherwise the English."""
    if text_ru and (get_language() or "en").startswith("ru"):
        return text_ru
    return text_en
