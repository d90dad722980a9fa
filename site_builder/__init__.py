"""site_builder: one static site per outpatient mental-health or addiction recovery center."""

__version__ = "0.1.0"
