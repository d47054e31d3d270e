"""What accounts tells the apps built on it, without importing them."""

from django.dispatch import Signal

# Sent by services.profile_update after saving, with learner= and fields= (the names of the
# FIGURE_SETTINGS whose value changed). The journal rebuilds its day totals on it.
profile_settings_changed = Signal()
