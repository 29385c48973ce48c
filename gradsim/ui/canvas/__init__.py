"""The network canvas: :mod:`.view` (the widget) and what it draws with -- :mod:`.items`, :mod:`.edges`,
:mod:`.decorations`, :mod:`.hit`, :mod:`.tooltips`, :mod:`.context_menu`."""
