"""Pure-numpy training engine: no Qt imports here, ever."""
