"""Default word lists for the content checks (each can be replaced under `settings: checks:`).

Sources: ../shared/DOMAIN.md §5 (claims), §4 (safe messaging), §7 (plain language)."""

from __future__ import annotations

#: Phrases that fail the build: cure and guarantee claims, invented statistics, accreditation misuse.
CLAIM_ERRORS: tuple[str, ...] = (
    "cure",
    "cures",
    "cured",
    "guarantee",
    "guarantees",
    "guaranteed",
    "100%",
    "100 percent",
    "only accredited",
    "endorsed by the joint commission",
    "proven to work",
)
#: Phrases that warn: superlatives and bait.
CLAIM_WARNINGS: tuple[str, ...] = (
    "best",
    "#1",
    "number one",
    "free rehab",
    "world-class",
    "top-rated",
)
#: "success rate" is an error unless the sentence links to a source.
SUCCESS_RATE = "success rate"

#: Method-of-harm and sensational wording (Action Alliance framework): warnings.
SAFE_MESSAGING: tuple[str, ...] = (
    "commit suicide",
    "committed suicide",
    "successful suicide",
    "failed suicide",
    "suicide epidemic",
    "overdosed on",
    "hanged",
    "hanging",
    "jumped from",
    "gunshot",
    "lethal dose",
)

JARGON: dict[str, str] = {
    "utilize": "use",
    "utilization": "use",
    "facilitate": "help",
    "modality": "type of treatment",
    "modalities": "types of treatment",
    "comorbid": "happening together",
    "comorbidity": "having two conditions at once",
    "evidence-based": "well studied",
    "psychopharmacology": "medicine for mental health",
    "titrate": "adjust the dose",
    "efficacy": "how well it works",
    "ameliorate": "ease",
    "commence": "start",
    "prior to": "before",
    "in order to": "to",
    "individualized": "made for you",
    "biopsychosocial": "whole-person",
    "continuum of care": "levels of care",
}

ACRONYMS: dict[str, str] = {
    "IOP": "intensive outpatient program",
    "PHP": "partial hospitalization program",
    "MAT": "medication for addiction treatment",
    "MOUD": "medication for opioid use disorder",
    "SUD": "substance use disorder",
    "CBT": "cognitive behavioral therapy",
    "DBT": "dialectical behavior therapy",
    "EMDR": "eye movement desensitization and reprocessing",
    "PTSD": "post-traumatic stress disorder",
    "ADHD": "attention deficit hyperactivity disorder",
    "OCD": "obsessive-compulsive disorder",
    "NPP": "Notice of Privacy Practices",
    "HIPAA": "the federal health privacy law",
    "GFE": "Good Faith Estimate",
}
