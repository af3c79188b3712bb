"""Offline English/Chinese translation and alignment for bilingual newsrooms."""

__version__ = "0.1.0"
