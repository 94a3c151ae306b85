"""linhai-scrape: Chinese government information-disclosure annual reports → checked, structured data.

>>> from linhai_scrape import extract
>>> report = extract("fixtures/seed_linhai_2020.txt")
>>> report.flat()["applications.new_received.total"]
248
"""

import logging

__version__ = "0.1.0"

# A library logs; the application decides what is shown. Without this, Python's last-resort handler
# would print the package's warnings (and the PDF libraries' it routes through them) on stderr.
logging.getLogger("linhai_scrape").addHandler(logging.NullHandler())

from .batch import FileError, FileResult, extract_many  # noqa: E402
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
    "FileError",
    "FileResult",
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
    "extract_many",
    "extract_text",
    "extract_url",
]
