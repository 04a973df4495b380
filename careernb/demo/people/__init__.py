"""The demo team's own words: one TOML file per person, and the generic voice of the large stores.

The files are data, not code, so the words can be edited without touching Python;
``read_voice`` refuses an unknown or missing key, naming the file and the key.
"""

from importlib import resources

from careernb.demo.voice import Voice, read_voice

WORDS = resources.files(__name__)
"""Where the words files live: careernb/demo/people/*.toml, shipped as package data."""


def _voice(name: str) -> Voice:
    return read_voice(WORDS / f"{name}.toml")


ELIF = _voice("elif")
GENERIC = _voice("generic")
JONAS = _voice("jonas")
KWAME = _voice("kwame")
MEI = _voice("mei")
PRIYA = _voice("priya")
SOFIA = _voice("sofia")
TOMAS = _voice("tomas")

__all__ = ["ELIF", "GENERIC", "JONAS", "KWAME", "MEI", "PRIYA", "SOFIA", "TOMAS", "WORDS"]
