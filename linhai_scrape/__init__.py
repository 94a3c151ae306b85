"""linhai-scrape: Chinese government information-disclosure annual reports → checked, structured data.

>>> from linhai_scrape import extract
>>> report = extract("fixtures/seed_linhai_2020.txt")
>>> report.flat()["applications.new_received.total"]
248
"""

__version__ = "0.1.0"

from .extract import (  # noqa: E402
    extract,
    extract_bytes,
    extract_document,
    extract_file,
    extract_text,
    extract_url,
)
from .models import Check, Evidence, InputError, LinhaiError, NotAReportError, NotReport, Report  # noqa: E402

__all__ = [
    "Check",
    "Evidence",
    "InputError",
    "LinhaiError",
    "NotAReportError",
    "NotReport",
    "Report",
    "__version__",
    "extract",
    "extract_bytes",
    "extract_document",
    "extract_file",
    "extract_text",
    "extract_url",
]
