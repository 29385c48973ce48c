"""The window's dockable views, each a thin adapter of the session around a widget.

:mod:`.registry` lists them (one line per view: how to build it, where it docks); :mod:`.docks`
builds their docks and keeps them beside the canvas. A new view is one module here and one line in
the registry.
"""
