"""linhai-scrape: Chinese government information-disclosure annual reports → checked, structured data."""

__version__ = "0.1.0"
