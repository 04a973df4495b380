"""A demo team, and large generated stores for the benchmarks.

The demo team of eight has a year of history and one person for each
situation the playbook cares about: overdue, an urgent signal, a direction
that changed, an ambition the organisation cannot hold, a new joiner, and
commitments kept on time, late and dropped. Each of the playbook's common
failures shows in one person's last career conversation: steered to the
organisation's needs (Tomás), conflated with a 1:1 (Elif), a promise kept
(Kwame), going nowhere (Jonas); Priya's is deferred. Everything is seeded, so
the same ``today`` always gives the same team.

``stories`` says what each person shows, ``people/`` what each one says,
``history`` writes a person's year from both, ``seed`` writes a data home.
"""

from careernb.demo.seed import build_large_store, refuse_unless_empty, seed_demo
from careernb.demo.stories import MANAGER, Story, demo_stories

__all__ = ["MANAGER", "Story", "build_large_store", "demo_stories", "refuse_unless_empty", "seed_demo"]
