"""hirelake."""
