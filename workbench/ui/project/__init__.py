"""An open project's life: opening, saving, autosave and recovery, identity, quitting."""
