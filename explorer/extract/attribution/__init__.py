"""Attribution: who said what, on whose word -> the ``claims`` table.

One module per job, in the order the data flows:

* :mod:`.lexicon`     the cue lexicon and the word lists (cues.csv, anonymous_sources.csv, titles)
* :mod:`.text`        quotations, tokens and span helpers
* :mod:`.claim`       the :class:`~.claim.Claim` record every step passes on
* :mod:`.phrases`     noun phrases: the subject before a cue, the phrase after it, passives
* :mod:`.rules`       rule claims: each attribution pattern of English news
* :mod:`.tagger`      the attribution taggers trained on PolNeAR (fine-tuned encoder, CRF)
* :mod:`.tagged`      the tagger's spans grouped into claims
* :mod:`.arbitration` rule claims and tagger claims reconciled into one list
* :mod:`.speakers`    who the speaker is: pronouns, descriptions, surnames, "via" sources
* :mod:`.component`   the pipeline component that composes them into rows

Importing the package registers the ``claims`` component.
"""
from .component import claims_component

__all__ = ["claims_component"]
