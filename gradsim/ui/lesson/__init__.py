"""The guided lesson in the window: a side panel that walks a learner through the lecture.

The lesson itself -- its steps, their setups, checks, questions and live numbers -- is data read
and judged by :mod:`gradsim.engine.lesson` and its companions; this package only shows it and
connects it to the window: :mod:`.mode` sets each step up and fills the engine's
:class:`~gradsim.engine.lesson_checks.LessonState` from the session, :mod:`.panel` is the side
panel, :mod:`.reading` the live numbers, :mod:`.actions` what a learner does (for the self test
and tests), :mod:`.marker` the frame around a control a step points at, :mod:`.figures` the
teacher's export and :mod:`.walk` ``gradsim --selftest --lesson``.
"""
