"""Writes of the registry: every change to people, households and cases goes through here."""

from .assessments import disability_assessment_decide, disability_assessment_propose, pension_period_record
from .cases import (
    case_activate,
    case_approve,
    case_create,
    case_document_add,
    case_missing_facts,
    case_resume,
    case_return,
    case_submit,
    case_suspend,
    case_terminate,
    case_update,
    default_start_month,
)
from .decisions import BatchRefused, decision_grant_batch, decision_next_number, decision_terminate, ends_awaiting
from .events import (
    case_age_limit_end,
    case_disability_change,
    case_move_confirm,
    case_studies_end,
    is_awaiting_move_in,
    person_death_record,
    person_move,
)
from .hamlets import hamlet_create, hamlet_set_active, hamlet_update
from .imports import ImportResult, beneficiaries_import
from .people import household_create_for, household_poverty_set, person_create, person_update
from .poverty import poverty_review_import

__all__ = [
    "BatchRefused",
    "ImportResult",
    "beneficiaries_import",
    "case_activate",
    "case_age_limit_end",
    "case_approve",
    "case_create",
    "case_disability_change",
    "case_document_add",
    "case_missing_facts",
    "case_move_confirm",
    "case_resume",
    "case_return",
    "case_studies_end",
    "case_submit",
    "case_suspend",
    "case_terminate",
    "case_update",
    "decision_grant_batch",
    "decision_next_number",
    "decision_terminate",
    "default_start_month",
    "disability_assessment_decide",
    "disability_assessment_propose",
    "ends_awaiting",
    "hamlet_create",
    "hamlet_set_active",
    "hamlet_update",
    "household_create_for",
    "household_poverty_set",
    "is_awaiting_move_in",
    "pension_period_record",
    "person_create",
    "person_death_record",
    "person_move",
    "person_update",
    "poverty_review_import",
]
