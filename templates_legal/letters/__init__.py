"""Letters of a case: drafts, finalisation, signature, the register, downloads.

- ``services``: every change of a letter (draft, values, finalise, PDF, sign, discard);
- ``selectors``: reads of letters and the register, and who sees draft letters;
- ``register``: the entity's yearly numbering and the trace of register readings;
- ``downloads``: which final file a person may download, and the download itself;
- ``forms`` and ``views``: the letter pages of a case and the register pages.

Letters are rendered from the versioned templates of ``templates_legal.templates_admin``.
"""
