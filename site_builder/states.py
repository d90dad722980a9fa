"""Facts that follow from a center's state, kept as vetted data (sources: docs/facts-sources.md).

Only names are kept here, never phone numbers: a help line belongs in numbers.py, and a state's
rules that pages explain (teen consent) are written in the pages with their citations."""

from __future__ import annotations

STATE_NAMES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "the District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "the U.S. Virgin Islands",
    "AS": "American Samoa",
    "MP": "the Northern Mariana Islands",
}

#: Every state code a location may have: the states, DC and the territories named above.
US_STATES = frozenset(STATE_NAMES)

#: The name a state's Medicaid program goes by with the public, where it has its own. Every other
#: state says "Medicaid". Only names checked against the state's own site are listed.
MEDICAID_NAMES: dict[str, str] = {
    "CA": "Medi-Cal",
    "OR": "Oregon Health Plan",
    "NV": "Nevada Medicaid",
    "WA": "Washington Apple Health",
    "MA": "MassHealth",
    "TN": "TennCare",
    "OK": "SoonerCare",
    "ME": "MaineCare",
    "CO": "Health First Colorado",
}
