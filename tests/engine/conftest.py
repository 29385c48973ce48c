"""Engine tests need no Qt; numpy warnings are errors so silent overflow is caught."""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _numpy_warnings_are_errors():
    with np.errstate(all="raise"):
        yield
