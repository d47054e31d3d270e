"""What accounts tells the apps built on it, without importing them (accounts -> core only).

`figure_settings_changed` is sent inside profile_update's transaction with the names of the
settings the journal's figures depend on that changed (time zone, rest days, freezes); the
journal connects to it (JournalConfig.ready) to re-date sessions and rebuild its totals."""

from django.dispatch import Signal

figure_settings_changed = Signal()  # sender=User, learner=..., fields=[...]
