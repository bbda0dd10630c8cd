"""The report's vocabulary: each question's choices as (stored value, label); stored values never change."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

# Choices: (stored value, label). Stored values never change; labels are translated.
#: The role of a centre or support worker reporting for a victim (not offered in an assisted report).
WORKER = "worker"
ROLES = [
    ("victim", _l("The person it happened to")),
    ("witness", _l("Someone who saw or heard it (a witness)")),
    ("on_behalf", _l("Someone reporting for a family member, friend or person I care for")),
    (WORKER, _l("A reporting centre or support worker reporting for a victim")),
]
STRANDS = [
    ("race", _l("Race or ethnicity")),
    ("religion", _l("Religion or belief")),
    ("disability", _l("Disability")),
    ("sexual_orientation", _l("Sexual orientation")),
    ("transgender", _l("Transgender identity")),
    ("other", _l("Something else")),
    ("not_sure", _l("I'm not sure")),
]
INCIDENT_TYPES = [
    ("physical", _l("Physical attack")),
    ("threats", _l("Threats or verbal abuse")),
    ("harassment", _l("Harassment")),
    ("online", _l("Online abuse")),
    ("damage", _l("Damage to property or graffiti")),
    ("theft", _l("Theft")),
    ("other", _l("Something else")),
]
PERIODS = [
    ("week", _l("In the last 7 days")),
    ("month", _l("In the last month")),
    ("six_months", _l("1 to 6 months ago")),
    ("year", _l("6 to 12 months ago")),
    ("over_year", _l("More than a year ago")),
]
TIMES = [
    ("morning", _l("Morning (6am to midday)")),
    ("afternoon", _l("Afternoon (midday to 6pm)")),
    ("evening", _l("Evening (6pm to midnight)")),
    ("night", _l("Night (midnight to 6am)")),
    ("not_sure", _l("I'm not sure")),
]
YES_NO_UNSURE = [("yes", _l("Yes")), ("no", _l("No")), ("not_sure", _l("I'm not sure"))]
YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
PLACES = [
    ("street", _l("In the street or another public place")),
    ("home", _l("At or near a home")),
    ("transport", _l("On public transport or at a station")),
    ("business", _l("In a shop or business")),
    ("education", _l("At a school, college or university")),
    ("work", _l("At work")),
    ("online", _l("Online, including social media")),
    ("other", _l("Somewhere else")),
]
INJURIES = [
    ("injured", _l("Yes, someone was hurt")),
    ("damage", _l("Yes, property was damaged")),
    ("both", _l("Yes, someone was hurt and property was damaged")),
    ("none", _l("No")),
    ("not_sure", _l("I'm not sure")),
]
COUNTS = [
    ("1", _l("1 person")),
    ("2", _l("2 people")),
    ("3-5", _l("3 to 5 people")),
    ("6+", _l("More than 5 people")),
    ("not_sure", _l("I'm not sure")),
]
CONTACT = [
    ("yes", _l("Yes, you can contact me")),
    ("anonymous", _l("No, I want to stay anonymous")),
]
INTERPRETER = [
    ("none", _l("No")),
    ("interpreter", _l("Yes, a spoken language interpreter")),
    ("bsl", _l("Yes, a British Sign Language (BSL) interpreter")),
]
POLICE_ACTION = [
    ("investigate", _l("Pass it to the police so they can investigate")),
    ("information", _l("Record it for information only")),
]
LABELS = {
    "role": dict(ROLES),
    "strands": dict(STRANDS),
    "incident_types": dict(INCIDENT_TYPES),
    "approximate_period": dict(PERIODS),
    "time_of_day": dict(TIMES),
    "place_kind": dict(PLACES),
    "injuries": dict(INJURIES),
    "offenders_count": dict(COUNTS),
    "contact": dict(CONTACT),
    "interpreter": dict(INTERPRETER),
    "police_action": dict(POLICE_ACTION),
}

#: What someone checking a report's progress is told, and nothing more: (stored value, label).
PROGRESS = [
    # A context apart from the staff pages' "Received" (a date column) and the hours' "Closed".
    ("received", lazy_pgettext("report progress", "Received")),
    ("in_review", _l("Being looked at")),
    ("with_police", _l("Passed to the police")),
    ("closed", lazy_pgettext("report progress", "Closed")),
]
#: Staff triage status -> the progress shown. Passing to a support organisation is still "being
#: looked at": where else a report went is not told to whoever holds its reference.
PROGRESS_OF_STATUS = {
    "new": "received",
    "in_review": "in_review",
    "referred_police": "with_police",
    "referred_support": "in_review",
    "closed": "closed",
}
#: How a report arrived: (stored value, label).
CHANNELS = [
    ("online", _l("Online")),
    ("assisted", _l("At a reporting centre")),
]
