"""AvtaleGiro: the agreement, mandates in, claims and cancellations out, settlement.

* :mod:`.agreement`: the company's AvtaleGiro agreement with Nets.
* :mod:`.mandates`: mandate lists (FBO) from Nets, applied; mandates listed.
* :mod:`.claims`: the claims transmission (with its cancellations) to Nets.

The rules (lead time, states, notice text) are in :mod:`reskontro.domain.avtalegiro`.
"""
