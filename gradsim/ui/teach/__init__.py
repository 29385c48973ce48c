"""Teaching views: chain-rule panel, activation explorer, step-through, decision boundary,
side-by-side comparison and built-in notes. Each is a standalone widget; :mod:`gradsim.ui.views`
adapts them to the session and docks them in the main window."""
