"""An organisation's careernb: one PostgreSQL database, one role per manager.

Privacy is enforced by the database itself (roles, grants, row-level security).
"""
