"""The start-up display check decides from injected lookups, without any X server."""

from __future__ import annotations

import subprocess
import sys

from workbench.ui.display_check import XCB_LIBRARIES, check_display


def _found_all(name: str) -> str:
    return f"lib{name}.so.0"


def _missing(*absent: str):
    return lambda name: None if name in absent else f"lib{name}.so.0"


def test_complete_x11_install_passes():
    verdict = check_display("linux", {"DISPLAY": ":0"}, _found_all)
    assert verdict.exit_code == 0
    assert verdict.message == ""


def test_missing_libraries_name_exactly_the_packages_to_install():
    verdict = check_display("linux", {"DISPLAY": ":0"}, _missing("xcb-cursor", "xkbcommon-x11"))
    assert verdict.exit_code == 1
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0\n" in verdict.message
    assert "libxcb-icccm4" not in verdict.message


def test_every_library_missing_lists_every_package():
    verdict = check_display("linux", {"DISPLAY": ":1"}, lambda name: None)
    line = next(x for x in verdict.message.splitlines() if "apt-get" in x)
    assert line.split("install ")[1].split() == list(XCB_LIBRARIES.values())


def test_no_display_says_so_and_suggests_alternatives():
    verdict = check_display("linux", {}, _found_all)
    assert verdict.exit_code == 1
    assert "no display" in verdict.message
    assert "make screenshot" in verdict.message
    assert "QT_QPA_PLATFORM=offscreen" in verdict.message


def test_explicit_platform_other_systems_and_wayland_only_pass():
    nothing = lambda name: None  # noqa: E731
    assert check_display("linux", {"QT_QPA_PLATFORM": "offscreen"}, nothing).exit_code == 0
    assert check_display("darwin", {}, nothing).exit_code == 0
    assert check_display("win32", {}, nothing).exit_code == 0
    assert check_display("linux", {"WAYLAND_DISPLAY": "wayland-0"}, nothing).exit_code == 0
    assert check_display("linux", {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, nothing).exit_code == 1


def test_module_runs_as_a_command_without_importing_qt():
    code = "import sys, workbench.ui.display_check; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    result = subprocess.run(
        [sys.executable, "-m", "workbench.ui.display_check"],
        env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stderr == ""
