"""What ``read_paths`` yields besides documents: a :class:`Failure`."""
from __future__ import annotations

from dataclasses import dataclass, field

from militant_monitor.errors import one_line


@dataclass(frozen=True)
class Failure:
    """One input (a file, ``file:LINE``, ``feed#N`` or ``<stdin>``) that gave no document.

    ``reason`` is one short line meant for the user. ``code`` is a stable
    identifier from :mod:`militant_monitor.errors`; it is not part of equality,
    so ``Failure("x.zip", "archives are not supported yet")`` compares equal to
    the one ``read_paths`` yields.
    """

    input: str
    reason: str
    code: str = field(default="input", compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", one_line(self.reason))

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"
