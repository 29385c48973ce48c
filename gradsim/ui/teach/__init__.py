"""Teaching views: chain-rule panel, activation explorer, step-through, decision boundary,
side-by-side comparison and built-in notes. Each is a standalone widget the main window embeds."""
