"""The answers demo teams give to the deliverable prompts, by learning community and prompt key.

The prompts themselves are curriculum content (`lcpa/curriculum/content/*.yaml`). Answers are
templates filled in per team (see `activity.team_context`): text is formatted with the team's
place and people (a tuple: one of them at random), tables are lists of rows of such templates, a
choice answer is the index of an option (missing: the team picks one at random), and number and
date answers are functions of the team's context. A prompt with no answer here gets a
placeholder sentence.
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any


def _per_capita(rate: float, *, round_to: int = 0) -> Callable[[dict], int]:
    """A count that grows with the team's population, varied a little per team."""

    def count(context: dict) -> int:
        return max(1, int(round(context["pop"] * rate * context["jitter"], round_to)))

    return count


def _days_after_start(days: int) -> Callable[[dict], date]:
    return lambda context: context["starts_on"] + timedelta(days=days)


def _end_of_baseline_year(context: dict) -> date:
    return date(context["starts_on"].year - 1, 12, 31)


GOAL_COLUMNS = ("Goal", "How you will measure it", "Target", "By when")
MEASURE_COLUMNS = ("Measure", "Source", "Baseline", "Who reports it")
FUNDING_COLUMNS = ("Source", "What it pays for", "Amount per year", "Secured or pending")
STEP_COLUMNS = ("Step", "Owner", "Start", "Finish")

CHARTER_ANSWER = (
    "Members: {coordinator} (data coordinator), {responder} ({responder_org}), {implementer} "
    "({implementer_org}) and the other members listed on our team page.\n\n"
    "Decisions: we aim for agreement; when we cannot reach it within two meetings, "
    "{implementer} and {responder} decide together and record why. Members with lived "
    "experience are paid $50 an hour for meetings and preparation, from the "
    "{government} stipend budget.\n\n"
    "Rhythm: every other Tuesday for an hour, online, with one in-person working session "
    "per module. {coordinator} keeps the notes and the action list."
)

# ---------------------------------------------------------------------------------------------
# Crisis Systems
# ---------------------------------------------------------------------------------------------

CRISIS = {
    # Module 1
    "crisis_vision": (
        "When someone in {place} calls 911 or 988 in a mental health crisis, a trained "
        "crisis counselor answers, and a behavioral health team arrives within 20 "
        "minutes when a visit is needed. Police come only when there is a real threat "
        "of violence, and nobody in crisis spends the night in a jail cell or an "
        "emergency room hallway because there was nowhere else to go.",
        "Every crisis call in {place} gets a response that fits the need: help on the "
        "phone for most people, a visit from a clinician and a peer for some, and a "
        "place to stay and recover for a few. Officers are freed for the calls that "
        "need them.",
    ),
    "current_path": (
        "A neighbor called 911 about a man shouting in a bus shelter at 10 p.m. The "
        "call was coded as a disturbance and two patrol officers went; they arrived "
        "after 14 minutes. The man was talking about voices and had not slept in days. "
        "The mobile crisis line had closed at 8 p.m., so the officers drove him to the "
        "emergency room, where he waited 9 hours and left before being seen. "
        "{police} had been called to the same shelter three times that month."
    ),
    "goals": [
        (
            "Handle more crisis calls without police",
            "Share of behavioral health calls closed with no officer sent",
            "From 8% to 30%",
            "End of year one",
        ),
        (
            "Respond quickly",
            "Median minutes from call to a crisis team arriving",
            "20 minutes or less",
            "Six months after launch",
        ),
        (
            "Fewer repeat calls",
            "People with three or more crisis calls in 90 days",
            "25% fewer",
            "End of year one",
        ),
    ],
    "charter": CHARTER_ANSWER,
    # Module 2
    "data_sources": [
        (
            "Computer-aided dispatch (CAD) records",
            "{dispatch}",
            "Call type, times, units sent and narrative",
            "Monthly extract",
        ),
        (
            "988 call center log",
            "Regional 988 center",
            "Calls answered, transfers to and from 911, visits requested",
            "Monthly report",
        ),
        (
            "Mobile crisis team log",
            "{implementer_org}",
            "Visits, outcomes and follow-up",
            "Weekly",
        ),
        (
            "Emergency department visits for behavioral health",
            "County hospital association",
            "Visits and holds, by week",
            "Quarterly",
        ),
    ],
    "baseline_calls": _per_capita(0.012),
    "baseline_method": (
        "{coordinator} took every call in {year} coded as a mental health, suicide or "
        "welfare check call, and added disturbance and suspicious person calls whose "
        "narrative mentions words such as 'voices', 'suicidal', 'off meds' or "
        "'overdose'. Two team members read a random sample of 400 calls by hand; they "
        "agreed with the rules on 91% of calls. The rules are written down so the count "
        "can be repeated every month."
    ),
    "measures": [
        (
            "Crisis calls closed with no officer sent",
            "CAD",
            "8%",
            "{coordinator}",
        ),
        (
            "Median minutes to arrival of a crisis team",
            "Mobile crisis log",
            "41 minutes",
            "{implementer}",
        ),
        (
            "People with three or more crisis calls in 90 days",
            "CAD, matched by address",
            "212 people",
            "{coordinator}",
        ),
        ("Arrests during crisis calls", "Records system", "3.1% of calls", "{responder}"),
    ],
    "baseline_year_end": _end_of_baseline_year,
    # Module 3
    "service_map": [
        ("988 call center", "Call", "24/7", "Anyone", "Few Spanish-speaking counselors"),
        (
            "Mobile crisis team",
            "Respond",
            "8 a.m. to 8 p.m., weekdays",
            "988 and 911",
            "No nights or weekends",
        ),
        (
            "Crisis stabilization unit",
            "Go",
            "24/7, 16 beds",
            "Crisis team, police, hospitals",
            "Often full by evening",
        ),
        ("Peer respite house", "Go", "24/7, 5 beds", "Self-referral", "Waitlist"),
    ],
    "coverage_gap": 0,
    "policy_review": (
        "The 911 center's protocol sends an officer to every call that mentions a "
        "person 'in distress', whatever the risk. State law lets only officers and "
        "designated clinicians start an involuntary hold, and requires a hold to be "
        "transported by police or ambulance. The agreement between {police} and "
        "{implementer_org} dates from 2016 and does not mention 988 at all."
    ),
    "policy_changes": [
        (
            "Send the crisis team alone to calls with no weapon and no violence",
            "911 center director",
            "Low",
        ),
        (
            "Let crisis clinicians transport people voluntarily in a county car",
            "{government}",
            "Medium",
        ),
        ("Update the police and behavioral health agreement", "Both agencies", "Medium"),
    ],
    "map_vs_baseline": (
        "About 40% of the crisis calls in our baseline came in after 8 p.m., when the "
        "mobile team is off duty, and most weekend calls went to patrol. Covering "
        "evenings first would reach more calls than any other single change."
    ),
    # Module 4
    "model_fit": (
        "A clinician in the 911 center will take eligible calls by phone, which we "
        "expect to close about a third of them without anyone being sent. A second "
        "mobile crisis team working 4 p.m. to midnight covers the hours when most calls "
        "come in, which brings the median arrival time down. Every person with three "
        "calls in 90 days is offered follow-up by a peer within two days."
    ),
    "triage_criteria": (
        "Eligible: welfare checks, suicidal statements with no weapon, people in "
        "distress in public places. Call-takers ask: is anyone hurt; is there a weapon; "
        "has anyone been threatened. A 'yes' to any question sends police with the crisis "
        "team following. The crisis team can ask for police backup on the radio and gets "
        "priority."
    ),
    "pilot_steps": [
        ("Sign the new dispatch protocol", "{responder}", "Month 1", "Month 2"),
        ("Hire and train the evening team", "{implementer}", "Month 1", "Month 4"),
        ("Weekly review of every routed call", "{coordinator}", "Month 4", "Month 10"),
    ],
    "launch_date": _days_after_start(240),
    "staffing": _per_capita(0.000025),
    # Module 5
    "funding": [
        ("Medicaid mobile crisis benefit", "Clinician visits", "$640,000", "Pending"),
        ("County behavioral health budget", "Evening team", "$900,000", "Secured"),
        ("Opioid settlement funds", "Peer follow-up", "$250,000", "Secured"),
        ("State 988 fee", "911 center clinician", "$180,000", "Pending"),
    ],
    "annual_cost": _per_capita(4.0, round_to=-3),
    "reporting": (
        "A one-page report every quarter to the {council} and the behavioral health "
        "board: calls answered, share handled without police, median arrival time and "
        "repeat calls, each against the baseline. {coordinator} prepares it; "
        "{implementer} presents it."
    ),
    "story": (
        "Last spring a mother called 988 about her son, who had stopped eating and was "
        "talking about ending his life. A clinician and a peer came to the house within "
        "half an hour, stayed two hours and arranged a bed at the stabilization unit. "
        "He is back at work. Before the pilot, that call would have brought two patrol "
        "cars to the door."
    ),
    "council_date": _days_after_start(200),
}

TRAFFIC = {
    # Module 1
    "safety_vision": (
        "Nobody is killed or seriously hurt on the streets of {place}, and nobody is "
        "pulled over for a broken taillight or an expired tag. Streets are designed so "
        "that speeding feels wrong, and enforcement focuses on the driving that "
        "actually causes serious crashes.",
        "Walking to school or a bus stop in {place} is safe in every neighborhood, and "
        "traffic stops are rare, fair and about safety.",
    ),
    "goals": [
        (
            "Fewer people killed or seriously injured",
            "Crash reports, severity K and A",
            "20% fewer",
            "Two years",
        ),
        (
            "Fewer stops that do not improve safety",
            "Stops for equipment and registration",
            "75% fewer",
            "One year",
        ),
        (
            "Smaller racial gap in stops",
            "Stops per 1,000 drivers, by race",
            "Gap cut in half",
            "Two years",
        ),
    ],
    "charter": CHARTER_ANSWER,
    "meeting_rhythm": "Every other Thursday, 3 to 4 p.m., at the traffic operations center",
    # Module 2
    "data_sources": [
        (
            "State crash reports",
            "State department of transportation",
            "2015 onward",
            "Locations of some crashes are approximate",
        ),
        (
            "Traffic stop records",
            "{police}",
            "2019 onward",
            "Stop reason missing for 6% of stops",
        ),
        ("Citations and fines", "Municipal court", "2017 onward", "No driver race"),
        (
            "Hospital trauma registry",
            "Regional trauma center",
            "2018 onward",
            "Aggregated by month only",
        ),
    ],
    "ksi_baseline": _per_capita(0.0006),
    "stop_baseline": _per_capita(0.07, round_to=-1),
    "high_injury": (
        "Six corridors, 4% of the street miles in {place}, account for 58% of deaths "
        "and serious injuries. All six are wide arterials with speed limits of 40 or "
        "45 mph, long gaps between crossings and many bus stops. Half of the people "
        "killed on them were walking."
    ),
    "stop_patterns": (
        "41% of stops in {year} were for equipment or registration, and 3% of those "
        "found anything illegal. Black drivers were stopped at 2.6 times their share of "
        "the driving population. Only one in five stops happened on the high-injury "
        "network."
    ),
    "measures": [
        ("Deaths and serious injuries", "Crash reports", "See baseline", "{coordinator}"),
        ("Equipment and registration stops", "Stop records", "41%", "{responder}"),
        (
            "Stops per 1,000 drivers, by race",
            "Stop records and census",
            "2.6x",
            "{coordinator}",
        ),
    ],
    # Module 3
    "civilian_tasks": [
        (
            "Reports of crashes with no injuries",
            "Civilian traffic investigators",
            "Yes",
            "Draft job description",
        ),
        ("Directing traffic at events", "Traffic control aides", "Yes", "Budget request"),
        (
            "Parking enforcement",
            "{implementer_org}",
            "Yes, already civilian",
            "None",
        ),
        (
            "Stops for equipment violations",
            "Mailed notice instead",
            "Needs a local ordinance",
            "Draft ordinance",
        ),
    ],
    "fines_review": (
        "A speeding ticket costs $150 and rises to $390 with late fees; 22% of tickets "
        "go to collections. Camera revenue, where allowed, goes to the general fund. "
        "We found no income-based option and no community service alternative."
    ),
    "policy_changes": [
        (
            "No stops for equipment or registration alone",
            "Chief of police",
            "Low",
        ),
        ("Fix-it vouchers instead of tickets for broken lights", "{council}", "Low"),
        ("Income-based fines and no late fees", "Municipal court", "Medium"),
    ],
    # Module 4
    "changes_to_test": [
        ("End equipment and registration stops", "Citywide", "Month 1", "{responder}"),
        (
            "Quick-build crossings and lane narrowing",
            "Two worst corridors",
            "Month 3",
            "{implementer}",
        ),
        ("Civilian crash reports", "Whole jurisdiction", "Month 6", "{police}"),
    ],
    "equity_safeguards": (
        "Stop data by race and reason is published every quarter. Any camera goes on "
        "the high-injury network only, the first notice is a warning, and fines are "
        "cut in half for people who receive public benefits. A community panel reviews "
        "camera locations each year."
    ),
    "street_projects": (
        "Road diets on the two worst corridors (four lanes to three, with a center turn "
        "lane), raised crossings at the eight bus stops with the most crashes, and "
        "leading pedestrian intervals at every signal on the network."
    ),
    "launch_date": _days_after_start(230),
    "watch_measure": "Serious injuries on the two redesigned corridors, month by month",
    # Module 5
    "funding": [
        (
            "Federal Safe Streets and Roads for All grant",
            "Corridor redesign",
            "$1,200,000",
            "Pending",
        ),
        ("Capital budget", "Raised crossings", "$450,000", "Secured"),
        (
            "Police budget (sworn time freed)",
            "Civilian investigators",
            "$310,000",
            "Secured",
        ),
    ],
    "reporting": (
        "A public dashboard updated monthly with crashes and stops, and a report to "
        "the {council} twice a year that puts safety and fairness side by side."
    ),
    "story": (
        "A grandmother who walks her grandson to school across one of our worst "
        "corridors told the council that the new crossing is the first time in twenty "
        "years she has felt drivers stop for her. Equipment stops fell by three "
        "quarters, and serious crashes on that corridor have not risen."
    ),
    "annual_cost": _per_capita(3.0, round_to=-3),
}

CVI = {
    # Module 1
    "cvi_vision": (
        "Every person shot in {place} is met at the hospital bedside by someone they "
        "trust, and every conflict that could turn into a shooting reaches an outreach "
        "worker first. Outreach workers are paid as the public safety professionals "
        "they are.",
        "The few blocks in {place} where most shootings happen have outreach workers "
        "on every shift, and the young men at highest risk have a path to a job, a safe "
        "place to live and someone in their corner.",
    ),
    "focus_area": "The east side corridor and two neighborhoods next to it",
    "information_sharing": (
        "Outreach workers never share names, locations or what participants tell them "
        "with police, and are never asked to testify about their work. Police share "
        "shooting notifications with the program within an hour. Once a week the "
        "program director and the violent crimes commander meet to talk about trends, "
        "never about people."
    ),
    "goals": [
        (
            "Fewer nonfatal shootings in the focus area",
            "Police and hospital counts",
            "25% fewer",
            "Two years",
        ),
        (
            "Reach people at highest risk",
            "Participants enrolled",
            "120 people",
            "End of year one",
        ),
        ("Fewer people shot again", "Re-injury within a year", "Below 5%", "Two years"),
    ],
    "charter": CHARTER_ANSWER,
    # Module 2
    "data_sources": [
        ("Shooting incidents", "{police}", "Fatal and nonfatal shootings", "Yes"),
        (
            "Gunshot injuries",
            "Level I trauma center",
            "Victims treated, including unreported",
            "Yes, monthly",
        ),
        (
            "Program case records",
            "{implementer_org}",
            "Participants, contacts, referrals",
            "Program staff only",
        ),
    ],
    "nonfatal_baseline": _per_capita(0.0007),
    "fatal_baseline": _per_capita(0.00018),
    "hotspots": (
        "Half of all shootings in {year} happened within 12 blocks, and most between 8 "
        "p.m. and 3 a.m. on Thursday to Sunday. Nearly a third followed an earlier "
        "shooting within two weeks, which is the retaliation window outreach can reach."
    ),
    "privacy_rule": 2,
    "measures": [
        (
            "Nonfatal shootings in the focus area",
            "Police and hospital",
            "See baseline",
            "{coordinator}",
        ),
        ("Conflicts mediated", "Program records", "0 (new)", "{implementer}"),
        ("Participants re-injured within a year", "Hospital", "11%", "{coordinator}"),
    ],
    # Module 3
    "program_map": [
        ("Street outreach", "East side", "4 p.m. to 2 a.m.", "80", "No weekend mornings"),
        ("Hospital-based intervention", "Citywide", "On call 24/7", "150", "One worker"),
        ("Emergency relocation", "Citywide", "Weekdays", "20", "Funds run out by spring"),
        ("Transitional jobs", "Citywide", "Weekdays", "40", "Waitlist of 60"),
    ],
    "coverage_gaps": (
        "Outreach covers the east side but not the two neighborhoods where shootings "
        "rose last year. The hospital program has one worker for 300 gunshot patients a "
        "year, so most are never met at the bedside."
    ),
    "barriers": [
        (
            "City background check policy",
            "Bars people with felony records from outreach jobs",
            "Human resources director",
        ),
        ("Reimbursement contracts", "Pays the program 90 days late", "{government}"),
        (
            "Records requests from investigators",
            "Puts participant trust at risk",
            "City attorney",
        ),
    ],
    # Module 4
    "components": 0,
    "plan_for_goals": (
        "Two new outreach teams extend coverage to the neighborhoods where shootings "
        "rose, and a second hospital worker means every gunshot patient is met within "
        "24 hours. Participants get a life coach for 18 months, with a transitional job "
        "and relocation money when needed. We expect this to reach 120 people in the "
        "first year."
    ),
    "shooting_protocol": (
        "The trauma center notifies the hospital worker and the outreach supervisor "
        "within an hour. The hospital worker meets the patient and family at the "
        "bedside; outreach workers go to the block the same night to calm tempers and "
        "learn whether retaliation is planned. The team meets the next morning to plan "
        "follow-up."
    ),
    "caseload": lambda context: 15,
    "implementation": [
        ("Change the background check policy", "{government}", "Month 1", "Month 3"),
        ("Hire two outreach teams", "{implementer}", "Month 2", "Month 5"),
        ("Hire a second hospital worker", "Trauma center", "Month 2", "Month 4"),
    ],
    "launch_date": _days_after_start(235),
    # Module 5
    "funding": [
        ("City general fund", "Outreach teams", "$1,100,000", "Secured"),
        ("State violence prevention grant", "Hospital workers", "$400,000", "Pending"),
        ("Victim services funds", "Relocation and counseling", "$150,000", "Secured"),
    ],
    "workforce": (
        "Starting pay of $58,000 with a raise at certification, two paid hours a week "
        "of counseling, quarterly retreats and a path from outreach worker to "
        "supervisor to program manager. Caseloads stay at 15 or fewer."
    ),
    "reporting": (
        "Shooting trends in the focus area every quarter to the {council}, and an "
        "annual report with participant outcomes (without names). Outreach workers "
        "present alongside {implementer}."
    ),
    "story": (
        "In the first year, outreach workers stepped into 140 conflicts; in the "
        "neighborhood where the program started, the summer passed without a "
        "retaliatory shooting for the first time in a decade. One outreach worker says "
        "it plainly: 'We were the people nobody would hire. Now we are the ones they "
        "call.'"
    ),
    "recurring_share": lambda context: 70,
}

SCHOOLS = {
    # Module 1
    "school_vision": (
        "Students in {place} who misbehave, struggle or are in crisis are met by "
        "adults who can help: counselors, social workers and teachers trained in "
        "restorative practices. Police are called only when someone is in danger, and "
        "no student is arrested for what a school can handle.",
    ),
    "never_police": [
        ("Disruption and defiance", "Restorative conversation with a trained staff member"),
        ("Fights without a weapon or serious injury", "Mediation and a family meeting"),
        (
            "Vaping or possession of small amounts of cannabis",
            "Health education and counseling",
        ),
        ("A student in emotional crisis", "Counselor or mobile crisis team"),
    ],
    "goals": [
        (
            "Fewer referrals to law enforcement",
            "District referral records",
            "50% fewer",
            "Two school years",
        ),
        ("No arrests for school discipline", "Arrest records", "Zero", "One school year"),
        ("More time in class", "Days lost to suspension", "30% fewer", "Two school years"),
    ],
    "student_voice": (
        "Two students and two parents sit on the team with a full vote and are paid "
        "for their time. A student advisory group of twelve meets monthly and reviews "
        "every draft before it goes to the school board."
    ),
    "meeting_rhythm": "First and third Wednesday, after school, in the district office",
    # Module 2
    "data_sources": [
        (
            "Civil Rights Data Collection",
            "Federal Department of Education",
            "Referrals and arrests",
            "Race, sex, disability",
        ),
        (
            "Student information system",
            "{implementer_org}",
            "Discipline incidents",
            "School, grade, race, disability",
        ),
        (
            "School resource officer log",
            "{police}",
            "Calls and arrests at schools",
            "School",
        ),
    ],
    "referrals_baseline": _per_capita(0.0006),
    "arrests_baseline": _per_capita(0.00015),
    "disparities": (
        "Black students are 18% of enrollment and 47% of referrals to law enforcement. "
        "Students with disabilities are referred at three times the rate of their "
        "classmates. 'Disruption' and 'defiance' account for most of the gap."
    ),
    "measures": [
        (
            "Referrals to law enforcement",
            "Student information system",
            "See baseline",
            "{coordinator}",
        ),
        ("School-related arrests", "Officer log", "See baseline", "{responder}"),
        (
            "Days lost to suspension, by group",
            "Student information system",
            "3,400",
            "{coordinator}",
        ),
    ],
    # Module 3
    "support_staff": [
        ("North High School", "3", "1", "1", "Yes"),
        ("Central Middle School", "1", "0", "0.5", "Yes"),
        ("Eastside Middle School", "1", "1", "0.5", "No"),
    ],
    "mou_review": (
        "The agreement between {implementer_org} and {police} does not say that "
        "officers stay out of routine discipline, requires no data reporting and "
        "renews automatically each year. Officers are evaluated partly on the number "
        "of arrests they make."
    ),
    "conduct_code": [
        ("Disorderly conduct", "Referral after the second incident", "Remove the referral"),
        ("Fighting", "Referral in every case", "Referral only with serious injury"),
        ("Threats", "Referral in every case", "Threat assessment team first"),
    ],
    "mou_renewal": _days_after_start(210),
    # Module 4
    "diversion_protocol": (
        "Staff handle every behavior on our list in school, with a restorative "
        "conversation within a day and a family call within two. A counselor can "
        "reach the mobile crisis team directly. Police are called only for a weapon, "
        "serious injury or an imminent threat, and every call is reviewed by the "
        "principal and the team within a week."
    ),
    "plan_for_goals": (
        "The new code of conduct removes police referrals for the behaviors behind most "
        "of them. Restorative coaches in the three pilot schools and a second counselor "
        "at Central Middle School give staff somewhere to turn. Monthly reviews of every "
        "referral keep the numbers honest."
    ),
    "pilot_schools": "North High School, Central Middle School and Eastside Middle School",
    "training": [
        ("Restorative circles", "All staff at pilot schools", "12", "August"),
        ("De-escalation", "Administrators and officers", "8", "September"),
        ("Youth mental health first aid", "Teachers", "8", "October"),
    ],
    "launch_date": _days_after_start(250),
    # Module 5
    "funding": [
        ("Medicaid school-based services", "Counselor time", "$380,000", "Pending"),
        ("Redirected officer contract", "Restorative coaches", "$260,000", "Secured"),
        ("State student wellness grant", "Training", "$90,000", "Secured"),
    ],
    "redirected": _per_capita(0.5, round_to=-3),
    "reporting": (
        "Each term, referrals, arrests and suspensions by student group go to the "
        "school board and are posted for families. Students from the advisory group "
        "present the results with {implementer}."
    ),
    "story": (
        "An eighth grader who had been suspended three times told the board that the "
        "first time a teacher sat down with her after a fight instead of calling the "
        "office, 'it was the first time anyone asked what happened.' She has not been "
        "suspended since."
    ),
    "board_date": _days_after_start(190),
}

ANSWERS: dict[str, dict[str, Any]] = {
    "crisis-systems": CRISIS,
    "traffic-safety": TRAFFIC,
    "community-violence-intervention": CVI,
    "school-based-diversion": SCHOOLS,
}

# What reviewers write when they ask for changes, by module number.
CHANGES_COMMENTS = {
    1: (
        "Thank you, this is a strong start. Before I accept it: give each goal a target and a "
        "date, and say in the charter how members with lived experience are paid for their "
        "time."
    ),
    2: (
        "The inventory is thorough. Please explain how you counted the baseline (which records, "
        "which years, how you checked a sample by hand) so the count can be repeated next year."
    ),
    3: (
        "Please add who can make each policy change and how hard it will be. Without owners "
        "this list will be hard to act on."
    ),
    4: (
        "The design is clear. Please add a start and finish for each implementation step and "
        "say how you will review what happens in the first month."
    ),
    5: (
        "Please separate the funding that is secured from the funding you are still applying "
        "for, so your council can see the gap."
    ),
}

ACCEPT_COMMENTS = [
    "Accepted. Clear, specific and grounded in your own data.",
    "Accepted, with thanks. Consider sharing this one with the cohort: other teams would learn "
    "from it.",
    "Accepted. Well done; this gives the next module a solid base.",
    "",
]

# What a team adds to the last long answer of a module when it revises after a review.
REVISION_NOTES = {
    1: "Updated after review: each goal now has a target and a date, and the charter says how "
    "members with lived experience are paid for their time.",
    2: "Updated after review: we added how we counted the baseline (which records and which "
    "years) so the count can be repeated next year.",
    3: "Updated after review: each change now names who can make it and how hard it will be.",
    4: "Updated after review: every implementation step has a start and a finish, and the team "
    "reviews the first month's cases every week.",
    5: "Updated after review: the funding plan now separates secured and pending sources.",
}
