"""What machine a benchmark ran on, for the report."""

import os
import platform


def describe() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next(
                line.split(":", 1)[1].strip()
                for line in handle
                if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    python = platform.python_version()
    return f"{model}, {os.cpu_count()} cores, Python {python}, {platform.system()}"
