"""The demo team's own words: one module per person, and the generic voice of the large stores."""

from careernb.demo.people.elif_ import ELIF
from careernb.demo.people.generic import GENERIC
from careernb.demo.people.jonas import JONAS
from careernb.demo.people.kwame import KWAME
from careernb.demo.people.mei import MEI
from careernb.demo.people.priya import PRIYA
from careernb.demo.people.sofia import SOFIA
from careernb.demo.people.tomas import TOMAS

__all__ = ["ELIF", "GENERIC", "JONAS", "KWAME", "MEI", "PRIYA", "SOFIA", "TOMAS"]
