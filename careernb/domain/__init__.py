"""The playbook as plain records and pure functions.

People, the question bank, conversations and their answers, sessions, preparation notes,
aspirations and the honest fit, goals that changed, checklists, signals, the development
contract and its commitments, cadence, the without-notes self-test, and the playbook's own
words. Each record declares its table here, through the store's schema; nothing in this layer
reads or writes a file, draws a widget or renders a document.
"""
