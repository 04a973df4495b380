"""What the manager does with the playbook over time.

The monthly contract review, the informal check-in and its signals, the team dashboard's order
of what needs the manager now, and practice health: the five common failures found in the
manager's own data. Reads and writes through the store; knows nothing of widgets or documents.
"""
