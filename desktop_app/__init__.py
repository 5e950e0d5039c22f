"""Sổ theo dõi Kế hoạch: the plan office of a Vietnamese commune, offline."""

__version__ = "0.1.0"
APP_NAME = "Sổ theo dõi Kế hoạch"
