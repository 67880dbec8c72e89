"""datarights: what AI contracts let a provider do with your data."""

__version__ = "0.1.0"
