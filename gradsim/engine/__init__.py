"""Pure-numpy training engine: no Qt imports here, ever."""

# Trainer(spec) builds a RecurrentTrainer for a recurrent spec; importing it here makes it known
# wherever the trainer is used, without the trainer importing its own subclass.
from . import recurrent_trainer  # noqa: F401
