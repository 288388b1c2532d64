"""``python -m workbench.ui.display_check``: can Qt open a window here? Run by ``make run``.

On a fresh Debian or Ubuntu machine the pip wheel of Qt starts, then aborts with "could
not load the Qt platform plugin xcb" and a list of plugin names that does not say which
system package is missing. This check runs first, without importing Qt, and prints the
exact ``apt-get`` line instead. It never blocks a setup it cannot judge: other systems,
an explicit ``QT_QPA_PLATFORM`` and Wayland-only sessions pass.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

#: Library name (as ``find_library`` takes it) -> the Debian/Ubuntu package providing it.
#: These are what Qt 6's xcb platform plugin loads beyond a base X11 install.
XCB_LIBRARIES: dict[str, str] = {
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    message: str  # empty when all is well


def check_display(
    platform: str, env: Mapping[str, str], find_library: Callable[[str], str | None]
) -> Verdict:
    """Decide whether the window can start; the lookups are injected so tests need no X server."""
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM", "").strip():
        return Verdict(0, "")
    has_x11 = bool(env.get("DISPLAY", "").strip())
    has_wayland = bool(env.get("WAYLAND_DISPLAY", "").strip())
    if not has_x11 and not has_wayland:
        return Verdict(
            1,
            "workbench: there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), "
            "so the window cannot open.\n"
            "  To render the window to a PNG instead: make screenshot\n"
            "  To run it without a screen:            QT_QPA_PLATFORM=offscreen .venv/bin/workbench",
        )
    if not has_x11:
        return Verdict(0, "")  # Qt uses its Wayland plugin, which needs none of the xcb libraries
    missing = [package for name, package in XCB_LIBRARIES.items() if not find_library(name)]
    if not missing:
        return Verdict(0, "")
    return Verdict(
        1,
        "workbench: Qt needs system libraries that are missing here to open a window on X11: "
        f"{', '.join(missing)}.\n"
        "  On Debian or Ubuntu install them with:\n"
        f"    sudo apt-get install {' '.join(missing)}\n"
        "  Or, without installing anything: make screenshot  (or QT_QPA_PLATFORM=offscreen)",
    )


def main() -> int:
    verdict = check_display(sys.platform, os.environ, ctypes.util.find_library)
    if verdict.message:
        print(verdict.message, file=sys.stderr)
    return verdict.exit_code


if __name__ == "__main__":
    sys.exit(main())
