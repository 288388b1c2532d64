"""Asking the analyst (the Dialogs the window holds, which tests script) and the dialogs several features share."""
