"""DOC and WPS (old binary formats) → DOCX, through LibreOffice when it is installed and enabled.

Off by default: converting runs an external program on downloaded bytes. Enable it per call
(``convert_legacy=True``) or for the process (``LINHAI_CONVERT_LEGACY=1``). The program is
``$LINHAI_SOFFICE`` or ``soffice``/``libreoffice`` on the PATH; it runs headless, with a throw-away
user profile (parallel conversions do not share state), in its own process group, under a timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import UnsupportedFormatError

ENV_ENABLE = "LINHAI_CONVERT_LEGACY"
ENV_SOFFICE = "LINHAI_SOFFICE"
DEFAULT_TIMEOUT = 120.0
_NAMES = {"doc": "a Word 97–2003 (.doc) file", "wps": "a Kingsoft WPS (.wps) file"}


def legacy_converter() -> str | None:
    """The LibreOffice executable that would be used, if any."""
    return os.environ.get(ENV_SOFFICE) or shutil.which("soffice") or shutil.which("libreoffice")


def convert_legacy_to_docx(
    data: bytes, fmt: str, *, enabled: bool | None = None, timeout: float = DEFAULT_TIMEOUT
) -> bytes:
    """Convert DOC/WPS bytes to DOCX bytes, or raise ``UnsupportedFormatError`` saying why not."""
    what = _NAMES.get(fmt, f"a {fmt} file")
    if enabled is None:
        enabled = os.environ.get(ENV_ENABLE, "").strip().lower() in ("1", "true", "yes", "on")
    if not enabled:
        raise UnsupportedFormatError(
            f"the attachment is {what}; old binary formats are read only through LibreOffice, which is off "
            f"(set {ENV_ENABLE}=1 or pass convert_legacy=True)",
            format=fmt,
        )
    exe = legacy_converter()
    if not exe:
        raise UnsupportedFormatError(
            f"the attachment is {what}; converting it needs LibreOffice (soffice), which is not installed",
            format=fmt,
        )
    with tempfile.TemporaryDirectory(prefix="linhai-convert-") as tmp:
        work = Path(tmp)
        src = work / f"input.{fmt}"
        src.write_bytes(data)
        profile = (work / "profile").as_uri()
        cmd = [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work),
            str(src),
        ]
        try:
            proc = subprocess.Popen(
                cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
            )
        except OSError as exc:
            raise UnsupportedFormatError(
                f"the attachment is {what}; the converter {exe} cannot be run: {exc.strerror or exc}",
                format=fmt,
            ) from None
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the converter's own process group only
            proc.communicate()
            raise UnsupportedFormatError(
                f"the attachment is {what}; LibreOffice did not finish converting it within {timeout:.0f} s",
                format=fmt,
            ) from None
        out = work / "input.docx"
        if not out.exists() or out.stat().st_size == 0:
            detail = stderr.decode("utf-8", "replace").strip()[-300:]
            raise UnsupportedFormatError(
                f"the attachment is {what}; LibreOffice could not convert it (exit {proc.returncode}): {detail}",
                format=fmt,
            )
        return out.read_bytes()
