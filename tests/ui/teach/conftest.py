"""Headless Qt for the teaching-view tests (harmless if tests/ui/conftest.py sets it too)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
