"""The time-of-day and per-day activity chart."""
