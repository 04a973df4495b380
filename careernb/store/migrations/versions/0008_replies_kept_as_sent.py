"""A reply a person sends from their page is kept as they sent it: the page records its digest (its
words, answers and updates) in ``sent_replies``, which only the owner touches, and a constraint
trigger on ``replies`` and ``reply_updates``, checked at the end of each transaction, refuses one
changed or removed. Their manager still accepts or sets aside each update (the decision is not in
the digest); an administrator who forgets the person removes the digests with everything else.

Frozen as it shipped, as every revision is: it runs the statements of
``0008_replies_kept_as_sent.sql``, in order."""

from careernb.store.migrate import frozen

revision = "0008"
down_revision = "0007"
upgrade, downgrade = frozen(revision)
