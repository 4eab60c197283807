"""Demo deliverable templates: the typed prompts of each learning community's five modules, with
the answers demo teams give to them.

Keys are unique across a learning community's five modules, so `refers_to` (an earlier
module's key) is never ambiguous. Answers are templates filled in per team (see
`demo_activity.team_context`): text is formatted with the team's place and people, tables are
lists of rows of such templates, a choice answer is the index of an option (None: the team picks
one at random), and number and date answers are functions of the team's context.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

SHORT = "short_text"
LONG = "long_text"
TABLE = "table"
CHOICE = "choice"
DATE = "date"
NUMBER = "number"
FILE = "file"


@dataclass(frozen=True)
class PromptSpec:
    key: str
    label: str
    kind: str
    help_text: str = ""
    options: tuple[str, ...] = ()
    required: bool = True
    refers_to: str = ""
    answer: Any = None


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
    1: [
        PromptSpec(
            "crisis_vision",
            "Your team's vision for crisis response",
            LONG,
            "What should happen when someone in your community calls 911 or 988 in a mental "
            "health or substance use crisis? Two or three sentences are enough.",
            answer=(
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
        ),
        PromptSpec(
            "current_path",
            "How a crisis call is handled today",
            LONG,
            "Walk through one recent call step by step: who answered, who went, how long it "
            "took and where the person ended up.",
            answer=(
                "A neighbor called 911 about a man shouting in a bus shelter at 10 p.m. The "
                "call was coded as a disturbance and two patrol officers went; they arrived "
                "after 14 minutes. The man was talking about voices and had not slept in days. "
                "The mobile crisis line had closed at 8 p.m., so the officers drove him to the "
                "emergency room, where he waited 9 hours and left before being seen. "
                "{police} had been called to the same shelter three times that month."
            ),
        ),
        PromptSpec(
            "priority_calls",
            "Which calls will you change first?",
            CHOICE,
            options=(
                "Welfare checks",
                "Suicide threats without a weapon",
                "People in distress in public places",
                "Substance use calls",
                "Another group of calls (describe it in your goals)",
            ),
        ),
        PromptSpec(
            "goals",
            "Goals for the first year",
            TABLE,
            "Two or three goals you can measure within a year.",
            options=GOAL_COLUMNS,
            answer=[
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
        ),
        PromptSpec(
            "charter",
            "Team charter: roles, decisions and meeting rhythm",
            LONG,
            "Who decides what, how you settle disagreements, how people with lived experience "
            "take part and are paid, and how often you meet.",
            answer=CHARTER_ANSWER,
        ),
        PromptSpec(
            "charter_file",
            "Signed charter (optional)",
            FILE,
            "A scan or PDF of the charter with your members' signatures.",
            required=False,
        ),
    ],
    2: [
        PromptSpec(
            "data_sources",
            "Data sources",
            TABLE,
            options=("Source", "Who holds it", "What it tells you", "How often you can get it"),
            answer=[
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
        ),
        PromptSpec(
            "baseline_calls",
            "Behavioral health calls to 911 in your baseline year",
            NUMBER,
            "Your best estimate, using the counting rules you describe below.",
            answer=_per_capita(0.012),
        ),
        PromptSpec(
            "baseline_method",
            "How you counted crisis calls",
            LONG,
            "Which call types and narrative words you used, and how you checked a sample by hand.",
            refers_to="priority_calls",
            answer=(
                "{coordinator} took every call in {year} coded as a mental health, suicide or "
                "welfare check call, and added disturbance and suspicious person calls whose "
                "narrative mentions words such as 'voices', 'suicidal', 'off meds' or "
                "'overdose'. Two team members read a random sample of 400 calls by hand; they "
                "agreed with the rules on 91% of calls. The rules are written down so the count "
                "can be repeated every month."
            ),
        ),
        PromptSpec(
            "measures",
            "Measures you will track every month",
            TABLE,
            options=MEASURE_COLUMNS,
            refers_to="goals",
            answer=[
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
        ),
        PromptSpec(
            "baseline_year_end",
            "Last day of your baseline year",
            DATE,
            required=False,
            answer=_end_of_baseline_year,
        ),
    ],
    3: [
        PromptSpec(
            "service_map",
            "Someone to call, someone to respond, somewhere to go",
            TABLE,
            "Every crisis service, with its hours and who may refer to it.",
            options=("Service", "Call, respond or go", "Hours", "Who can refer", "Gaps"),
            answer=[
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
        ),
        PromptSpec(
            "coverage_gap",
            "Where is the biggest gap in coverage?",
            CHOICE,
            options=(
                "Nights",
                "Weekends",
                "Rural or outlying areas",
                "Young people",
                "Languages other than English",
            ),
            answer=0,
        ),
        PromptSpec(
            "policy_review",
            "Rules that decide who responds",
            LONG,
            "911 protocols, state law on involuntary holds and transport, and agreements "
            "between agencies. Quote the parts that matter.",
            answer=(
                "The 911 center's protocol sends an officer to every call that mentions a "
                "person 'in distress', whatever the risk. State law lets only officers and "
                "designated clinicians start an involuntary hold, and requires a hold to be "
                "transported by police or ambulance. The agreement between {police} and "
                "{implementer_org} dates from 2016 and does not mention 988 at all."
            ),
        ),
        PromptSpec(
            "policy_changes",
            "Policy changes that would unlock the most calls",
            TABLE,
            options=("Change", "Who can make it", "Effort (low, medium or high)"),
            answer=[
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
        ),
        PromptSpec(
            "map_vs_baseline",
            "How the gaps line up with your call data",
            LONG,
            refers_to="baseline_calls",
            answer=(
                "About 40% of the crisis calls in our baseline came in after 8 p.m., when the "
                "mobile team is off duty, and most weekend calls went to patrol. Covering "
                "evenings first would reach more calls than any other single change."
            ),
        ),
    ],
    4: [
        PromptSpec(
            "response_model",
            "Response model",
            CHOICE,
            options=(
                "Clinician in the 911 center",
                "Mobile crisis team of a clinician and a peer or paramedic",
                "Co-responder team with police",
                "A combination of these",
            ),
        ),
        PromptSpec(
            "model_fit",
            "How will your program reach the goals you set?",
            LONG,
            refers_to="goals",
            answer=(
                "A clinician in the 911 center will take eligible calls by phone, which we "
                "expect to close about a third of them without anyone being sent. A second "
                "mobile crisis team working 4 p.m. to midnight covers the hours when most calls "
                "come in, which brings the median arrival time down. Every person with three "
                "calls in 90 days is offered follow-up by a peer within two days."
            ),
        ),
        PromptSpec(
            "triage_criteria",
            "Triage criteria and dispatch protocol",
            LONG,
            "Which call types go to the new response, the questions call-takers ask, and the "
            "answers that send police instead.",
            answer=(
                "Eligible: welfare checks, suicidal statements with no weapon, people in "
                "distress in public places. Call-takers ask: is anyone hurt; is there a weapon; "
                "has anyone been threatened. A 'yes' to any question sends police with the crisis "
                "team following. The crisis team can ask for police backup on the radio and gets "
                "priority."
            ),
        ),
        PromptSpec(
            "pilot_steps",
            "Implementation steps",
            TABLE,
            options=STEP_COLUMNS,
            refers_to="policy_changes",
            answer=[
                ("Sign the new dispatch protocol", "{responder}", "Month 1", "Month 2"),
                ("Hire and train the evening team", "{implementer}", "Month 1", "Month 4"),
                ("Weekly review of every routed call", "{coordinator}", "Month 4", "Month 10"),
            ],
        ),
        PromptSpec(
            "launch_date",
            "First day of the pilot",
            DATE,
            answer=_days_after_start(240),
        ),
        PromptSpec(
            "staffing",
            "Full-time staff needed for the pilot",
            NUMBER,
            answer=_per_capita(0.000025),
        ),
    ],
    5: [
        PromptSpec(
            "funding",
            "Funding plan",
            TABLE,
            "List every source, not only the ones already secured.",
            options=FUNDING_COLUMNS,
            answer=[
                ("Medicaid mobile crisis benefit", "Clinician visits", "$640,000", "Pending"),
                ("County behavioral health budget", "Evening team", "$900,000", "Secured"),
                ("Opioid settlement funds", "Peer follow-up", "$250,000", "Secured"),
                ("State 988 fee", "911 center clinician", "$180,000", "Pending"),
            ],
        ),
        PromptSpec(
            "annual_cost",
            "Yearly cost of the program at full scale, in dollars",
            NUMBER,
            answer=_per_capita(4.0, round_to=-3),
        ),
        PromptSpec(
            "reporting",
            "What you will report, to whom and how often",
            LONG,
            refers_to="measures",
            answer=(
                "A one-page report every quarter to the {council} and the behavioral health "
                "board: calls answered, share handled without police, median arrival time and "
                "repeat calls, each against the baseline. {coordinator} prepares it; "
                "{implementer} presents it."
            ),
        ),
        PromptSpec(
            "story",
            "The story of the work",
            LONG,
            "A short account you could tell a council committee, with the consent of anyone "
            "whose story it is.",
            refers_to="crisis_vision",
            answer=(
                "Last spring a mother called 988 about her son, who had stopped eating and was "
                "talking about ending his life. A clinician and a peer came to the house within "
                "half an hour, stayed two hours and arranged a bed at the stabilization unit. "
                "He is back at work. Before the pilot, that call would have brought two patrol "
                "cars to the door."
            ),
        ),
        PromptSpec(
            "council_date",
            "When you will present the plan to your council or board",
            DATE,
            answer=_days_after_start(200),
        ),
    ],
}

# ---------------------------------------------------------------------------------------------
# Policing Alternatives to Traffic Safety
# ---------------------------------------------------------------------------------------------

TRAFFIC = {
    1: [
        PromptSpec(
            "safety_vision",
            "What safe streets mean for your team",
            LONG,
            "Say what you want to change for people driving, walking and cycling, and for "
            "people who are stopped.",
            answer=(
                "Nobody is killed or seriously hurt on the streets of {place}, and nobody is "
                "pulled over for a broken taillight or an expired tag. Streets are designed so "
                "that speeding feels wrong, and enforcement focuses on the driving that "
                "actually causes serious crashes.",
                "Walking to school or a bus stop in {place} is safe in every neighborhood, and "
                "traffic stops are rare, fair and about safety.",
            ),
        ),
        PromptSpec(
            "focus",
            "Where will you start?",
            CHOICE,
            options=(
                "Stops for equipment and paperwork violations",
                "The high-injury network",
                "Crash reporting by civilian staff",
                "Automated enforcement with equity safeguards",
            ),
        ),
        PromptSpec(
            "goals",
            "Goals for crashes and for stops",
            TABLE,
            "Set at least one goal for safety and one for fairness.",
            options=GOAL_COLUMNS,
            answer=[
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
        ),
        PromptSpec("charter", "Team charter", LONG, answer=CHARTER_ANSWER),
        PromptSpec(
            "meeting_rhythm",
            "How often and where the team meets",
            SHORT,
            answer="Every other Thursday, 3 to 4 p.m., at the traffic operations center",
        ),
    ],
    2: [
        PromptSpec(
            "data_sources",
            "Data sources",
            TABLE,
            options=("Source", "Who holds it", "Years available", "Known problems"),
            answer=[
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
        ),
        PromptSpec(
            "ksi_baseline",
            "People killed or seriously injured in crashes in the baseline year",
            NUMBER,
            answer=_per_capita(0.0006),
        ),
        PromptSpec(
            "stop_baseline",
            "Traffic stops in the baseline year",
            NUMBER,
            answer=_per_capita(0.07, round_to=-1),
        ),
        PromptSpec(
            "high_injury",
            "The high-injury network",
            LONG,
            "Which corridors account for most deaths and serious injuries?",
            answer=(
                "Six corridors, 4% of the street miles in {place}, account for 58% of deaths "
                "and serious injuries. All six are wide arterials with speed limits of 40 or "
                "45 mph, long gaps between crossings and many bus stops. Half of the people "
                "killed on them were walking."
            ),
        ),
        PromptSpec(
            "stop_patterns",
            "What the stop data shows",
            LONG,
            "Stops by reason, outcome and driver race. Are stops where the serious crashes are?",
            refers_to="focus",
            answer=(
                "41% of stops in {year} were for equipment or registration, and 3% of those "
                "found anything illegal. Black drivers were stopped at 2.6 times their share of "
                "the driving population. Only one in five stops happened on the high-injury "
                "network."
            ),
        ),
        PromptSpec(
            "measures",
            "Measures you will track",
            TABLE,
            options=MEASURE_COLUMNS,
            refers_to="goals",
            answer=[
                ("Deaths and serious injuries", "Crash reports", "See baseline", "{coordinator}"),
                ("Equipment and registration stops", "Stop records", "41%", "{responder}"),
                (
                    "Stops per 1,000 drivers, by race",
                    "Stop records and census",
                    "2.6x",
                    "{coordinator}",
                ),
            ],
        ),
    ],
    3: [
        PromptSpec(
            "civilian_tasks",
            "Tasks that may not need a sworn officer",
            TABLE,
            options=("Task", "Who could do it", "Allowed under state law?", "Next step"),
            answer=[
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
        ),
        PromptSpec(
            "camera_law",
            "Does state law allow automated speed enforcement in your jurisdiction?",
            CHOICE,
            options=(
                "Yes, anywhere",
                "Yes, in limited zones such as schools or work zones",
                "Not yet: a bill is pending",
                "No",
            ),
        ),
        PromptSpec(
            "fines_review",
            "Fines, fees and where the money goes",
            LONG,
            answer=(
                "A speeding ticket costs $150 and rises to $390 with late fees; 22% of tickets "
                "go to collections. Camera revenue, where allowed, goes to the general fund. "
                "We found no income-based option and no community service alternative."
            ),
        ),
        PromptSpec(
            "policy_changes",
            "Policy changes to pursue",
            TABLE,
            options=("Change", "Who decides", "Effort (low, medium or high)"),
            refers_to="stop_patterns",
            answer=[
                (
                    "No stops for equipment or registration alone",
                    "Chief of police",
                    "Low",
                ),
                ("Fix-it vouchers instead of tickets for broken lights", "{council}", "Low"),
                ("Income-based fines and no late fees", "Municipal court", "Medium"),
            ],
        ),
    ],
    4: [
        PromptSpec(
            "changes_to_test",
            "Changes you will test",
            TABLE,
            options=("Change", "Where", "Start", "Owner"),
            refers_to="goals",
            answer=[
                ("End equipment and registration stops", "Citywide", "Month 1", "{responder}"),
                (
                    "Quick-build crossings and lane narrowing",
                    "Two worst corridors",
                    "Month 3",
                    "{implementer}",
                ),
                ("Civilian crash reports", "Whole jurisdiction", "Month 6", "{police}"),
            ],
        ),
        PromptSpec(
            "equity_safeguards",
            "How you will prevent harm and unequal effects",
            LONG,
            refers_to="stop_patterns",
            answer=(
                "Stop data by race and reason is published every quarter. Any camera goes on "
                "the high-injury network only, the first notice is a warning, and fines are "
                "cut in half for people who receive public benefits. A community panel reviews "
                "camera locations each year."
            ),
        ),
        PromptSpec(
            "street_projects",
            "Street design changes on the high-injury network",
            LONG,
            refers_to="high_injury",
            answer=(
                "Road diets on the two worst corridors (four lanes to three, with a center turn "
                "lane), raised crossings at the eight bus stops with the most crashes, and "
                "leading pedestrian intervals at every signal on the network."
            ),
        ),
        PromptSpec(
            "launch_date",
            "When the first change goes live",
            DATE,
            answer=_days_after_start(230),
        ),
        PromptSpec(
            "watch_measure",
            "The one number you will watch most closely",
            SHORT,
            answer="Serious injuries on the two redesigned corridors, month by month",
        ),
    ],
    5: [
        PromptSpec(
            "funding",
            "Funding plan",
            TABLE,
            options=FUNDING_COLUMNS,
            answer=[
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
        ),
        PromptSpec(
            "revenue_rule",
            "How camera and fine revenue will be used",
            CHOICE,
            options=(
                "Only for safety projects on the high-injury network",
                "Split between safety projects and the general fund",
                "Not applicable: no automated enforcement",
            ),
        ),
        PromptSpec(
            "reporting",
            "What you will report, to whom and how often",
            LONG,
            refers_to="measures",
            answer=(
                "A public dashboard updated monthly with crashes and stops, and a report to "
                "the {council} twice a year that puts safety and fairness side by side."
            ),
        ),
        PromptSpec(
            "story",
            "The story of the work",
            LONG,
            refers_to="safety_vision",
            answer=(
                "A grandmother who walks her grandson to school across one of our worst "
                "corridors told the council that the new crossing is the first time in twenty "
                "years she has felt drivers stop for her. Equipment stops fell by three "
                "quarters, and serious crashes on that corridor have not risen."
            ),
        ),
        PromptSpec(
            "annual_cost",
            "Yearly cost of the civilian and design work, in dollars",
            NUMBER,
            answer=_per_capita(3.0, round_to=-3),
        ),
    ],
}

# ---------------------------------------------------------------------------------------------
# Community Violence Intervention
# ---------------------------------------------------------------------------------------------

CVI = {
    1: [
        PromptSpec(
            "cvi_vision",
            "Your team's vision for violence intervention",
            LONG,
            answer=(
                "Every person shot in {place} is met at the hospital bedside by someone they "
                "trust, and every conflict that could turn into a shooting reaches an outreach "
                "worker first. Outreach workers are paid as the public safety professionals "
                "they are.",
                "The few blocks in {place} where most shootings happen have outreach workers "
                "on every shift, and the young men at highest risk have a path to a job, a safe "
                "place to live and someone in their corner.",
            ),
        ),
        PromptSpec(
            "focus_area",
            "Neighborhoods or groups you will focus on first",
            SHORT,
            help_text="Name the places or groups, not individuals.",
            answer="The east side corridor and two neighborhoods next to it",
        ),
        PromptSpec(
            "information_sharing",
            "What outreach workers do and do not share with police",
            LONG,
            "Say it plainly: this is what keeps the trust the work depends on.",
            answer=(
                "Outreach workers never share names, locations or what participants tell them "
                "with police, and are never asked to testify about their work. Police share "
                "shooting notifications with the program within an hour. Once a week the "
                "program director and the violent crimes commander meet to talk about trends, "
                "never about people."
            ),
        ),
        PromptSpec(
            "goals",
            "Goals for shootings and for the people you serve",
            TABLE,
            options=GOAL_COLUMNS,
            answer=[
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
        ),
        PromptSpec("charter", "Team charter", LONG, answer=CHARTER_ANSWER),
        PromptSpec(
            "charter_file",
            "Signed charter or memorandum (optional)",
            FILE,
            required=False,
        ),
    ],
    2: [
        PromptSpec(
            "data_sources",
            "Data sources",
            TABLE,
            options=("Source", "Who holds it", "What it counts", "Access agreed?"),
            answer=[
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
        ),
        PromptSpec(
            "nonfatal_baseline",
            "Nonfatal shootings in the baseline year",
            NUMBER,
            answer=_per_capita(0.0007),
        ),
        PromptSpec(
            "fatal_baseline",
            "Firearm homicides in the baseline year",
            NUMBER,
            answer=_per_capita(0.00018),
        ),
        PromptSpec(
            "hotspots",
            "Where and when shootings happen",
            LONG,
            refers_to="focus_area",
            answer=(
                "Half of all shootings in {year} happened within 12 blocks, and most between 8 "
                "p.m. and 3 a.m. on Thursday to Sunday. Nearly a third followed an earlier "
                "shooting within two weeks, which is the retaliation window outreach can reach."
            ),
        ),
        PromptSpec(
            "privacy_rule",
            "Who may see participant records?",
            CHOICE,
            options=(
                "Program staff only",
                "Program staff and the hospital partner",
                "Program staff, the hospital partner and evaluators (without names)",
            ),
            answer=2,
        ),
        PromptSpec(
            "measures",
            "Measures you will track",
            TABLE,
            options=MEASURE_COLUMNS,
            refers_to="goals",
            answer=[
                (
                    "Nonfatal shootings in the focus area",
                    "Police and hospital",
                    "See baseline",
                    "{coordinator}",
                ),
                ("Conflicts mediated", "Program records", "0 (new)", "{implementer}"),
                ("Participants re-injured within a year", "Hospital", "11%", "{coordinator}"),
            ],
        ),
    ],
    3: [
        PromptSpec(
            "program_map",
            "Programs that serve the people at highest risk",
            TABLE,
            options=("Program", "Neighborhoods covered", "Hours", "People a year", "Gaps"),
            answer=[
                ("Street outreach", "East side", "4 p.m. to 2 a.m.", "80", "No weekend mornings"),
                ("Hospital-based intervention", "Citywide", "On call 24/7", "150", "One worker"),
                ("Emergency relocation", "Citywide", "Weekdays", "20", "Funds run out by spring"),
                ("Transitional jobs", "Citywide", "Weekdays", "40", "Waitlist of 60"),
            ],
        ),
        PromptSpec(
            "coverage_gaps",
            "Gaps between services and where violence happens",
            LONG,
            refers_to="hotspots",
            answer=(
                "Outreach covers the east side but not the two neighborhoods where shootings "
                "rose last year. The hospital program has one worker for 300 gunshot patients a "
                "year, so most are never met at the bedside."
            ),
        ),
        PromptSpec(
            "barriers",
            "Rules that get in the way",
            TABLE,
            options=("Rule", "What it does", "Who can change it"),
            answer=[
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
        ),
        PromptSpec(
            "hiring_barrier",
            "Do background checks bar people with convictions from outreach jobs?",
            CHOICE,
            options=("Yes", "Case by case", "No"),
        ),
    ],
    4: [
        PromptSpec(
            "components",
            "Program components",
            CHOICE,
            options=(
                "Street outreach and hospital-based intervention together",
                "Street outreach first, hospital partner in year two",
                "Hospital-based intervention first",
                "Group violence intervention with outreach support",
            ),
            answer=0,
        ),
        PromptSpec(
            "plan_for_goals",
            "How will your program reach the goals you set?",
            LONG,
            refers_to="goals",
            answer=(
                "Two new outreach teams extend coverage to the neighborhoods where shootings "
                "rose, and a second hospital worker means every gunshot patient is met within "
                "24 hours. Participants get a life coach for 18 months, with a transitional job "
                "and relocation money when needed. We expect this to reach 120 people in the "
                "first year."
            ),
        ),
        PromptSpec(
            "shooting_protocol",
            "What happens in the first 24 hours after a shooting",
            LONG,
            answer=(
                "The trauma center notifies the hospital worker and the outreach supervisor "
                "within an hour. The hospital worker meets the patient and family at the "
                "bedside; outreach workers go to the block the same night to calm tempers and "
                "learn whether retaliation is planned. The team meets the next morning to plan "
                "follow-up."
            ),
        ),
        PromptSpec(
            "caseload",
            "Most participants per outreach worker",
            NUMBER,
            answer=lambda context: 15,
        ),
        PromptSpec(
            "implementation",
            "Implementation steps",
            TABLE,
            options=STEP_COLUMNS,
            refers_to="barriers",
            answer=[
                ("Change the background check policy", "{government}", "Month 1", "Month 3"),
                ("Hire two outreach teams", "{implementer}", "Month 2", "Month 5"),
                ("Hire a second hospital worker", "Trauma center", "Month 2", "Month 4"),
            ],
        ),
        PromptSpec("launch_date", "Launch date", DATE, answer=_days_after_start(235)),
    ],
    5: [
        PromptSpec(
            "funding",
            "Funding plan",
            TABLE,
            options=FUNDING_COLUMNS,
            answer=[
                ("City general fund", "Outreach teams", "$1,100,000", "Secured"),
                ("State violence prevention grant", "Hospital workers", "$400,000", "Pending"),
                ("Victim services funds", "Relocation and counseling", "$150,000", "Secured"),
            ],
        ),
        PromptSpec(
            "workforce",
            "Career path and wellness for outreach workers",
            LONG,
            answer=(
                "Starting pay of $58,000 with a raise at certification, two paid hours a week "
                "of counseling, quarterly retreats and a path from outreach worker to "
                "supervisor to program manager. Caseloads stay at 15 or fewer."
            ),
        ),
        PromptSpec(
            "reporting",
            "What you will report, to whom and how often",
            LONG,
            refers_to="measures",
            answer=(
                "Shooting trends in the focus area every quarter to the {council}, and an "
                "annual report with participant outcomes (without names). Outreach workers "
                "present alongside {implementer}."
            ),
        ),
        PromptSpec(
            "story",
            "The story of the work",
            LONG,
            refers_to="cvi_vision",
            answer=(
                "In the first year, outreach workers stepped into 140 conflicts; in the "
                "neighborhood where the program started, the summer passed without a "
                "retaliatory shooting for the first time in a decade. One outreach worker says "
                "it plainly: 'We were the people nobody would hire. Now we are the ones they "
                "call.'"
            ),
        ),
        PromptSpec(
            "recurring_share",
            "Share of next year's budget from recurring sources (percent)",
            NUMBER,
            answer=lambda context: 70,
        ),
    ],
}

# ---------------------------------------------------------------------------------------------
# School-Based Diversion
# ---------------------------------------------------------------------------------------------

SCHOOLS = {
    1: [
        PromptSpec(
            "school_vision",
            "Your team's vision for school discipline and safety",
            LONG,
            answer=(
                "Students in {place} who misbehave, struggle or are in crisis are met by "
                "adults who can help: counselors, social workers and teachers trained in "
                "restorative practices. Police are called only when someone is in danger, and "
                "no student is arrested for what a school can handle.",
            ),
        ),
        PromptSpec(
            "never_police",
            "School behaviors that should never lead to police contact",
            TABLE,
            options=("Behavior", "How staff will respond instead"),
            answer=[
                ("Disruption and defiance", "Restorative conversation with a trained staff member"),
                ("Fights without a weapon or serious injury", "Mediation and a family meeting"),
                (
                    "Vaping or possession of small amounts of cannabis",
                    "Health education and counseling",
                ),
                ("A student in emotional crisis", "Counselor or mobile crisis team"),
            ],
        ),
        PromptSpec(
            "goals",
            "Goals for referrals, arrests and time in class",
            TABLE,
            options=GOAL_COLUMNS,
            answer=[
                (
                    "Fewer referrals to law enforcement",
                    "District referral records",
                    "50% fewer",
                    "Two school years",
                ),
                ("No arrests for school discipline", "Arrest records", "Zero", "One school year"),
                ("More time in class", "Days lost to suspension", "30% fewer", "Two school years"),
            ],
        ),
        PromptSpec(
            "student_voice",
            "How students and families take part",
            LONG,
            answer=(
                "Two students and two parents sit on the team with a full vote and are paid "
                "for their time. A student advisory group of twelve meets monthly and reviews "
                "every draft before it goes to the school board."
            ),
        ),
        PromptSpec(
            "meeting_rhythm",
            "How often and where the team meets",
            SHORT,
            answer="First and third Wednesday, after school, in the district office",
        ),
    ],
    2: [
        PromptSpec(
            "data_sources",
            "Data sources",
            TABLE,
            options=("Source", "Who holds it", "What it counts", "Broken down by"),
            answer=[
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
        ),
        PromptSpec(
            "referrals_baseline",
            "Referrals to law enforcement in the baseline school year",
            NUMBER,
            answer=_per_capita(0.0006),
        ),
        PromptSpec(
            "arrests_baseline",
            "School-related arrests in the baseline school year",
            NUMBER,
            answer=_per_capita(0.00015),
        ),
        PromptSpec(
            "disparities",
            "The largest gaps between student groups",
            LONG,
            refers_to="never_police",
            answer=(
                "Black students are 18% of enrollment and 47% of referrals to law enforcement. "
                "Students with disabilities are referred at three times the rate of their "
                "classmates. 'Disruption' and 'defiance' account for most of the gap."
            ),
        ),
        PromptSpec(
            "review_cycle",
            "How often you will review the measures",
            CHOICE,
            options=("Every grading period", "Every semester", "Monthly"),
        ),
        PromptSpec(
            "measures",
            "Measures you will track",
            TABLE,
            options=MEASURE_COLUMNS,
            refers_to="goals",
            answer=[
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
        ),
    ],
    3: [
        PromptSpec(
            "support_staff",
            "Support staff by school",
            TABLE,
            options=("School", "Counselors", "Social workers", "Psychologists", "Officer on site?"),
            answer=[
                ("North High School", "3", "1", "1", "Yes"),
                ("Central Middle School", "1", "0", "0.5", "Yes"),
                ("Eastside Middle School", "1", "1", "0.5", "No"),
            ],
        ),
        PromptSpec(
            "mou_review",
            "What the agreement with the police department says",
            LONG,
            answer=(
                "The agreement between {implementer_org} and {police} does not say that "
                "officers stay out of routine discipline, requires no data reporting and "
                "renews automatically each year. Officers are evaluated partly on the number "
                "of arrests they make."
            ),
        ),
        PromptSpec(
            "conduct_code",
            "Code of conduct offenses that require a police referral",
            TABLE,
            options=("Offense", "What the code says now", "Change you propose"),
            refers_to="never_police",
            answer=[
                ("Disorderly conduct", "Referral after the second incident", "Remove the referral"),
                ("Fighting", "Referral in every case", "Referral only with serious injury"),
                ("Threats", "Referral in every case", "Threat assessment team first"),
            ],
        ),
        PromptSpec(
            "mou_renewal",
            "When the agreement is next up for renewal",
            DATE,
            answer=_days_after_start(210),
        ),
    ],
    4: [
        PromptSpec(
            "diversion_protocol",
            "Diversion protocol",
            LONG,
            refers_to="conduct_code",
            answer=(
                "Staff handle every behavior on our list in school, with a restorative "
                "conversation within a day and a family call within two. A counselor can "
                "reach the mobile crisis team directly. Police are called only for a weapon, "
                "serious injury or an imminent threat, and every call is reviewed by the "
                "principal and the team within a week."
            ),
        ),
        PromptSpec(
            "plan_for_goals",
            "How will your program reach the goals you set?",
            LONG,
            refers_to="goals",
            answer=(
                "The new code of conduct removes police referrals for the behaviors behind most "
                "of them. Restorative coaches in the three pilot schools and a second counselor "
                "at Central Middle School give staff somewhere to turn. Monthly reviews of every "
                "referral keep the numbers honest."
            ),
        ),
        PromptSpec(
            "pilot_schools",
            "Schools in the first phase",
            SHORT,
            answer="North High School, Central Middle School and Eastside Middle School",
        ),
        PromptSpec(
            "training",
            "Training plan",
            TABLE,
            options=("Training", "Who", "Hours", "When"),
            answer=[
                ("Restorative circles", "All staff at pilot schools", "12", "August"),
                ("De-escalation", "Administrators and officers", "8", "September"),
                ("Youth mental health first aid", "Teachers", "8", "October"),
            ],
        ),
        PromptSpec("launch_date", "Pilot start date", DATE, answer=_days_after_start(250)),
    ],
    5: [
        PromptSpec(
            "funding",
            "Funding plan",
            TABLE,
            options=FUNDING_COLUMNS,
            answer=[
                ("Medicaid school-based services", "Counselor time", "$380,000", "Pending"),
                ("Redirected officer contract", "Restorative coaches", "$260,000", "Secured"),
                ("State student wellness grant", "Training", "$90,000", "Secured"),
            ],
        ),
        PromptSpec(
            "redirected",
            "Dollars redirected from the school resource officer contract each year",
            NUMBER,
            answer=_per_capita(0.5, round_to=-3),
        ),
        PromptSpec(
            "reporting",
            "What you will report, to whom and how often",
            LONG,
            refers_to="measures",
            answer=(
                "Each term, referrals, arrests and suspensions by student group go to the "
                "school board and are posted for families. Students from the advisory group "
                "present the results with {implementer}."
            ),
        ),
        PromptSpec(
            "story",
            "What students say changed",
            LONG,
            refers_to="school_vision",
            answer=(
                "An eighth grader who had been suspended three times told the board that the "
                "first time a teacher sat down with her after a fight instead of calling the "
                "office, 'it was the first time anyone asked what happened.' She has not been "
                "suspended since."
            ),
        ),
        PromptSpec(
            "board_date",
            "When you will present the plan to the school board",
            DATE,
            answer=_days_after_start(190),
        ),
    ],
}

CURRICULUM: dict[str, dict[int, list[PromptSpec]]] = {
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
