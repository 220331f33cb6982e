"""Shared building blocks with no domain: base models, text and geometry helpers, test helpers.

May be used by every app; imports none of them."""
