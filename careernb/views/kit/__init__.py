"""The kit every page is built from.

Saving as you type (:mod:`.autosave`), errors shown where they happen (:mod:`.errors`),
choosing a person (:mod:`.person`), the answer field kept in the browser
(:mod:`.answer_field`), a page's frame (:mod:`.frame`), what the notebooks'
parameters become (:mod:`.parameters`), an app page's address (:mod:`.address`), and
the colours and HTML helpers (:mod:`.style`, :mod:`.markup`, :mod:`.fragments`).

Nothing here knows a page: the pages (:mod:`careernb.views.pages`) stand on the kit,
never the other way round, and import-linter holds it.
"""
