"""Plans: screen a spreadsheet of activities (one per row) for programme staff, in plain language."""

from .profiles import OrganisationProfile, ProfileFile, load_profiles
from .run import PlanResult, PlanRunner, RowResult, run_plan

__all__ = ["OrganisationProfile", "PlanResult", "PlanRunner", "ProfileFile", "RowResult", "load_profiles", "run_plan"]
