"""pressfacts: rule-based extraction of structured facts from press releases."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1"
