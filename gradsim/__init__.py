"""gradsim: watch vanishing and exploding gradients happen.

The numerical core lives in :mod:`gradsim.engine` (pure numpy, no Qt); the desktop
application in :mod:`gradsim.ui`; headless runs in :mod:`gradsim.cli`.
"""

__version__ = "0.1.0"

# The desktop ID: the name of the .desktop entry, the icons and the AppStream component under
# resources/, which packaging/install.sh and the .deb install under share/.
APP_ID = "io.github.gradsim.gradsim"
