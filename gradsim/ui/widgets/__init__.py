"""Small widgets of the main window, one per module."""
