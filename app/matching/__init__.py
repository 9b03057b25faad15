"""The ABCD matching engine: pure functions over plain data, no web and no SQL."""

from app.matching.data import Candidate, Kastje, MatchSettings, Need, Proposal, Proposals
from app.matching.engine import propose

__all__ = ["Candidate", "Kastje", "MatchSettings", "Need", "Proposal", "Proposals", "propose"]
