"""Adding coverage: from an article's text to reviewed, published facts.

`factbot add` copies an article into seeds/ (`intake`), `factbot draft` proposes facts with
verbatim quotes, resolved names and dates, and merges with existing facts (`drafting`),
`factbot review` records the curator's decisions (`review`) and `factbot publish` moves the
accepted ones into the fact base (`publish`). Drafts live in `facts/drafts/`, which the
loader never reads, so the bot never serves a draft; `validate` checks them with the same
rules as shipped facts.

This package may import libraries the pure core does not (dateparser); it never imports
Discord.
"""
