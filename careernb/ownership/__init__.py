"""What leaves the store, and how: the data stays the manager's.

The sharing gate (privacy classes decide what passes, nothing else), exports written owner-only,
forgetting a person, backup and restore of the data home, and the handover pack for a new
manager. Every file that carries a person's data out of the store goes through here.
"""
