"""Invalidation of cached portal pages when the data they show changes."""
