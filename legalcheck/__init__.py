"""legalcheck: what counterterrorism law allows when engaging armed groups.

Law lives in data (``jurisdictions/``, ``designations/``); this package loads it,
evaluates engagements against it and writes memos. Not legal advice.
"""

__version__ = "0.1.0"
