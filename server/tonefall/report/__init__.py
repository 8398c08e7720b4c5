"""`tonefall report`: score a helpdesk's sent replies (or its macros) and write a team report.

- ``exports``: read CSV / JSON Lines exports through a column mapping (generic, Zendesk,
  Freshdesk); bad rows come out with file and line, filtered rows with a reason.
- ``score_cache``: scores per sentence on disk, so an interrupted run continues.
- ``scoring``: replies -> the /v1/analyze result of each, in batches (same plain functions).
- ``features``: greeting, we/I voice, "men/but" openers, weak words of one sentence.
- ``figures``: the tallies and tables of the report.
- ``html``, ``svg``: the self-contained HTML page.
- ``command``: the click command (thin).
"""
