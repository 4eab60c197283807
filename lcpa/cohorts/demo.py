"""Demo data for the cohorts app: the four learning communities, their modules and deliverable
prompts, the 21 participating jurisdictions, two past cohorts, one under way and one upcoming,
their teams and memberships. (Sessions, attendance, deliverables and resources are in
demo_activity.py.)

Called by `manage.py seed_demo`. Everything is matched by a natural key (slug, module number,
prompt key, jurisdiction name/state/kind, cohort name, team cohort+jurisdiction, user email) and
only created when missing, so running it again changes nothing. Cohorts are made with
services.cohort_create, which copies the curriculum into the cohort; a demo cohort seeded before
cohorts carried that copy gets it (and its planned dates) once.
"""

import random
import re
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from lcpa.accounts.models import User
from lcpa.cohorts.composition import composition_gaps
from lcpa.cohorts.demo_curriculum import CURRICULUM
from lcpa.cohorts.models import (
    FIRST_RESPONSE_SECTORS,
    Cohort,
    CohortModule,
    DeliverablePrompt,
    Jurisdiction,
    LearningCommunity,
    Membership,
    Module,
    Sector,
    Team,
    TeamRole,
)
from lcpa.cohorts.services import cohort_create


def _md(text: str) -> str:
    return textwrap.dedent(text).strip()


# ---------------------------------------------------------------------------------------------
# Learning communities and their five modules
# ---------------------------------------------------------------------------------------------

DELIVERABLES = [
    "Team charter and goals",
    "Data inventory and baseline",
    "Resource map and policy review",
    "Program design and implementation plan",
    "Sustainability, funding and storytelling plan",
]

LEARNING_COMMUNITIES = [
    {
        "slug": "crisis-systems",
        "name": "Crisis Systems",
        "short_name": "Crisis systems",
        "implementing_sector": Sector.BEHAVIORAL_HEALTH,
        "tagline": (
            "Send the right responder to people in a mental health or substance use crisis, "
            "with behavioral health and community partners leading the response."
        ),
        "purpose": _md(
            """
            Many calls to 911 are about someone in a mental health or substance use crisis who
            needs care, not an arrest. Police are often sent by default, because no other
            responder is available at that hour or because call-takers have no way to route the
            call anywhere else.

            This learning community helps local teams build a crisis system in which 988 and 911
            work together, mobile crisis teams led by behavioral health staff respond in person,
            and people have a place to go other than an emergency room or a jail cell. Teams
            leave with a plan they can fund and a way to show whether it works.
            """
        ),
        "who_should_join": _md(
            """
            - A **data coordinator** who can pull 911 and computer-aided dispatch (CAD) records
            - A 911 or emergency communications supervisor who knows how calls are coded
            - A police, fire or EMS representative who answers crisis calls today
            - A leader from the county or community **behavioral health** agency (the
              implementing sector)
            - A person with lived experience of a mental health or substance use crisis
            - An elected official or city or county executive who can carry the plan to budget
            """
        ),
        "modules": [
            {
                "title": "Shared vision, goals and team charter for crisis response",
                "aims": """
                    - Describe what happens today when someone in crisis calls 911 or 988
                    - Agree on the crisis calls the team wants to change first
                    - Write a charter that names roles, decisions and the meeting rhythm
                    - Set two or three goals the team can measure within a year
                """,
                "guidance": """
                    Start by walking through one real call, step by step: who answered, who
                    was sent, how long it took and where the person ended up. Teams that map
                    the current path together find the gaps faster than teams that start
                    from a model they read about.

                    Keep the first scope narrow. Welfare checks, suicide threats without a
                    weapon and people in distress in public places are common starting points
                    because they are frequent and rarely need a police response.

                    The charter should say who decides what, how disagreements are settled and
                    how people with lived experience take part. Pay them for their time, as
                    you would any other expert on the team.
                """,
            },
            {
                "title": "Crisis call data: inventory, baseline and measures",
                "aims": """
                    - List the data sources: CAD, the 988 center, mobile crisis logs, jail
                      bookings and emergency department visits
                    - Build a baseline year of behavioral health calls
                    - Choose a small set of measures the team will track every month
                """,
                "guidance": """
                    CAD call types are blunt: "disturbance" or "suspicious person" often hides
                    a crisis call. Read the narratives of a sample of calls to estimate how many
                    calls in each type involve a behavioral health need, and write down the
                    rules you used so the count can be repeated.

                    Ask the 988 center how many of its calls are transferred to or from 911 and
                    how many need an in-person response. This is often the first time the two
                    centers have compared numbers.

                    Useful measures include the share of crisis calls handled without police,
                    time from call to arrival, repeat calls for the same person or address, and
                    arrests or uses of force during crisis calls.
                """,
            },
            {
                "title": "Mapping crisis services and reviewing policy",
                "aims": """
                    - Map someone to call, someone to respond and somewhere to go, by hour and
                      by neighborhood
                    - Review dispatch protocols, involuntary hold rules and agreements between
                      agencies
                    - Name the two or three policy changes that would unlock the most calls
                """,
                "guidance": """
                    Lay out every crisis service on one page: hotlines, mobile teams, crisis
                    stabilization units, sobering centers, peer respite and outpatient care.
                    Note the hours each one runs and who may refer to it. Most teams find the
                    gaps are at night, on weekends and in rural parts of the county.

                    Then read the rules that decide who goes: 911 call-taking protocols, state
                    law on involuntary holds and transport, and any agreement between police,
                    EMS and the behavioral health provider. A protocol that requires an officer
                    on every call with a person "in distress" will undo any new team.
                """,
            },
            {
                "title": "Designing the crisis response and implementation plan",
                "aims": """
                    - Choose a response model that fits local calls and resources
                    - Write the 988/911 triage criteria and the dispatch protocol
                    - Plan staffing, training, safety and a first test of the new response
                """,
                "guidance": """
                    Common models are a clinician in the 911 center who handles calls by phone,
                    a mobile crisis team of a behavioral health clinician and a peer or
                    paramedic, and a co-responder pairing for the small share of calls with a
                    safety risk. Many places combine them.

                    Write down exactly which calls go to the mobile crisis team: the call types,
                    the questions call-takers ask and the answers that send police instead.
                    Agree on how a team asks for backup and how police hand a call over.

                    Start small: one shift, one part of town, one set of call types. Review each
                    week what happened to every call routed to the new team and adjust the
                    criteria before you widen them.
                """,
            },
            {
                "title": "Sustaining crisis response: funding and telling the story",
                "aims": """
                    - Build a funding plan that does not depend on a single grant
                    - Decide which results to report, to whom and how often
                    - Tell the story of the work with data and with the people it served
                """,
                "guidance": """
                    Crisis services are usually paid for from several sources: Medicaid (many
                    states now cover mobile crisis services), state 988 fees where they exist,
                    opioid settlement funds, county behavioral health budgets and the city's
                    general fund. Map which costs each source can pay for.

                    Council members and funders want a short, regular report: calls answered,
                    share handled without police, response times and what happened to people
                    afterwards. Pair the numbers with a story told by someone who was helped,
                    with their consent.
                """,
            },
        ],
    },
    {
        "slug": "traffic-safety",
        "name": "Policing Alternatives to Traffic Safety",
        "short_name": "Traffic safety",
        "implementing_sector": Sector.TRANSPORTATION,
        "tagline": (
            "Build traffic safety systems that rely less on police stops and deliver safety "
            "for everyone who uses the road."
        ),
        "purpose": _md(
            """
            Traffic stops are the most common way people come into contact with police, and
            many stops are for equipment or paperwork problems that have little to do with
            safety. Stops can escalate, they fall unevenly on Black and Latino drivers, and
            crashes go on killing and injuring people.

            This learning community helps teams shift traffic safety toward street design,
            civilian and fair automated approaches, and enforcement focused on the dangerous
            driving that causes serious crashes. Teams study their own crash and stop data and
            design changes they can test.
            """
        ),
        "who_should_join": _md(
            """
            - A **data coordinator** who can work with crash reports and traffic stop records
            - A supervisor or commander from the police traffic unit
            - A **transportation** or public works administrator who manages roads and traffic
              operations (the implementing sector)
            - A public health or Vision Zero program lead
            - A resident affected by traffic stops or by a serious crash
            - A local elected official or someone from the city manager's office
            """
        ),
        "modules": [
            {
                "title": "Vision, goals and team charter for safer streets",
                "aims": """
                    - Agree on what "safe" means for the team: fewer deaths and serious
                      injuries, and fewer harmful stops
                    - Write a charter naming roles, decisions and the meeting rhythm
                    - Set goals for crashes and for stops that the team can measure
                """,
                "guidance": """
                    Traffic safety teams bring together people who rarely sit at the same
                    table: traffic engineers, police, public health staff and residents. Spend
                    the first meeting on what each of them sees as the problem; the answers
                    usually differ and all of them are true.

                    Set two kinds of goals: reduce people killed or seriously injured on the
                    road, and reduce stops that do not improve safety. Teams that set only the
                    second goal find it hard to win support; teams that set only the first
                    rarely change how enforcement works.
                """,
            },
            {
                "title": "Crash and stop data: inventory, baseline and measures",
                "aims": """
                    - Find the crash, traffic stop and citation data the team can use
                    - Map the high-injury network: the streets where most serious crashes
                      happen
                    - Build a baseline of stops by reason, outcome and driver race
                    - Choose measures for safety and for fairness
                """,
                "guidance": """
                    Crash data usually comes from the state crash reporting system; ask for
                    location, severity and the people involved, including people walking and
                    cycling. A few corridors often account for most deaths and serious
                    injuries.

                    Stop data varies a lot. Look for the reason for each stop, whether it led to
                    a search, a citation or an arrest, and the recorded race of the driver.
                    Group reasons into safety violations (speeding, red lights, impaired
                    driving) and non-safety ones (expired tags, a broken light).

                    Compare the two maps: are stops concentrated where the serious crashes
                    happen, or somewhere else?
                """,
            },
            {
                "title": "Mapping resources and reviewing traffic laws and policy",
                "aims": """
                    - List who could do traffic safety work besides sworn officers
                    - Review state and local law on non-police enforcement and automated
                      enforcement
                    - Review fines, fees and how their revenue is used
                """,
                "guidance": """
                    Some tasks do not need a sworn officer: taking reports of minor crashes,
                    directing traffic, checking commercial vehicles or parking. Find out which
                    of these civilian staff may do under your state's law and your city's
                    charter.

                    Automated enforcement (speed and red-light cameras) needs state
                    authorization in most places. Read the rules on where cameras may go, what
                    the fine is and where the money goes. Fines that rise steeply with late fees
                    fall hardest on people with low incomes.
                """,
            },
            {
                "title": "Designing non-police traffic safety and an implementation plan",
                "aims": """
                    - Choose the changes to test: street redesign, fewer low-level stops,
                      civilian units or cameras with equity safeguards
                    - Write the implementation plan, with owners and dates
                    - Plan how the team will watch for unintended effects
                """,
                "guidance": """
                    Many teams start with a policy that officers no longer stop drivers for
                    equipment and paperwork violations alone, paired with a mailed notice or a
                    voucher to fix a broken light. Others move crash reporting to civilian
                    staff so officers spend less time on it.

                    If you use automated enforcement, build equity in from the start: place
                    cameras on the high-injury network rather than where they earn the most,
                    send a warning first, offer income-based fines or community service, and
                    publish where cameras are and why.

                    The most lasting change is often on the street itself: narrower lanes,
                    better crossings and quick-build changes that slow traffic without anyone
                    being stopped.
                """,
            },
            {
                "title": "Sustaining safer streets: funding and storytelling",
                "aims": """
                    - Identify funding for street changes and civilian programs
                    - Keep camera and fine revenue tied to safety, not the general budget
                    - Report on safety and fairness together
                """,
                "guidance": """
                    Federal Safe Streets and Roads for All grants, state highway safety funds
                    and local capital budgets can pay for street redesign. Civilian traffic
                    units often come from the police budget itself, as sworn time is freed up.

                    Report regularly on both goals the team set: deaths and serious injuries,
                    and stops by reason and race. Residents trust the work more when they can
                    see both numbers moving together.
                """,
            },
        ],
    },
    {
        "slug": "community-violence-intervention",
        "name": "Community Violence Intervention",
        "short_name": "CVI",
        "implementing_sector": Sector.COMMUNITY_VIOLENCE_INTERVENTION,
        "tagline": (
            "Create and support community violence intervention programs that reduce shootings "
            "and work as alternatives to law enforcement."
        ),
        "purpose": _md(
            """
            A small number of people and places carry most of the risk of gun violence in a
            city. Community violence intervention (CVI) reaches those people directly through
            trusted messengers: street outreach workers, violence interrupters and
            hospital-based teams who mediate conflicts, prevent retaliation and connect people to
            jobs, housing and healing.

            This learning community helps local teams start, strengthen or scale CVI as a public
            safety strategy in its own right, with steady funding, clear roles alongside police,
            and data that shows what is working.
            """
        ),
        "who_should_join": _md(
            """
            - A **data coordinator** who can work with shooting and hospital data
            - A police representative, such as a violent crimes or community policing commander
            - The director or a supervisor of a **community violence intervention**
              organization (the implementing sector)
            - A street outreach worker or violence interrupter with lived experience
            - A trauma nurse, surgeon or social worker from a hospital-based violence
              intervention program
            - The mayor's office of violence prevention or a local elected official
            """
        ),
        "modules": [
            {
                "title": "Vision, goals and team charter for violence intervention",
                "aims": """
                    - Agree on the violence the team will focus on and where
                    - Write a charter that protects the independence of outreach workers
                    - Set goals for shootings and for the people the program serves
                """,
                "guidance": """
                    CVI works because outreach workers are trusted in neighborhoods where
                    police often are not. The charter should say plainly what information is and
                    is not shared with law enforcement, so that trust is never traded for a
                    short-term result.

                    Focus matters. Most cities find that a few groups and a few blocks account
                    for most shootings; name them, and set goals for fewer shootings there and
                    for the wellbeing of the people in the program.
                """,
            },
            {
                "title": "Shooting data: inventory, baseline and measures",
                "aims": """
                    - Gather fatal and nonfatal shooting data from police and hospitals
                    - Build a baseline by month and by neighborhood
                    - Choose measures for violence and for participant outcomes
                    - Agree on how participant data is protected
                """,
                "guidance": """
                    Count nonfatal shootings as well as homicides: they are four to five times
                    as common and better show where violence is rising. Hospital data on
                    gunshot injuries fills gaps in police reports, especially where victims do
                    not report.

                    Participant measures might include conflicts mediated, retaliations
                    prevented, people connected to jobs or housing, and re-injury within a year.

                    Agree in writing who can see participant records. Program data should not
                    be available for investigations.
                """,
            },
            {
                "title": "Mapping CVI resources and reviewing policy",
                "aims": """
                    - Map outreach coverage, hospital programs and support services by
                      neighborhood
                    - Review information sharing, hiring and contracting rules
                    - Find the gaps between what exists and where violence happens
                """,
                "guidance": """
                    Put every program on the map: street outreach, hospital-based violence
                    intervention, victim services, emergency relocation, job programs and
                    trauma counseling. Compare coverage with the shooting map from the last
                    module.

                    City rules can get in the way: background checks that bar people with
                    convictions from being hired as outreach workers, contracts paid months
                    late, or requests from police for information about participants. Note
                    each one and who can change it.
                """,
            },
            {
                "title": "Designing the intervention and implementation plan",
                "aims": """
                    - Choose the program components and the neighborhoods to start in
                    - Set caseloads, supervision and worker wellness supports
                    - Write the response protocol after a shooting
                """,
                "guidance": """
                    Most strong programs pair street outreach with a hospital-based program, so
                    that someone meets every shooting victim at the bedside and follows them
                    home. Decide who is notified after a shooting, how quickly, and how
                    outreach workers and hospital staff hand off.

                    Outreach is demanding and dangerous work. Plan caseloads of no more than
                    15 to 20 people per worker, regular supervision, counseling and fair pay.
                    Burnout and turnover are the most common reasons programs falter.
                """,
            },
            {
                "title": "Sustaining CVI: funding, workforce and storytelling",
                "aims": """
                    - Move from one-time grants to recurring funding
                    - Build a career path for outreach workers
                    - Share results in a way that respects participants and neighborhoods
                """,
                "guidance": """
                    Recurring funding can come from city and county budgets, state violence
                    prevention grants, victim services funds and, in some states, Medicaid
                    coverage of services delivered by certified violence prevention
                    professionals.

                    Tell the story without turning people into case studies: share trends in
                    shootings, the number of people served and what changed for them, and let
                    outreach workers speak about their work in their own words.
                """,
            },
        ],
    },
    {
        "slug": "school-based-diversion",
        "name": "School-Based Diversion",
        "short_name": "School diversion",
        "implementing_sector": Sector.EDUCATION,
        "tagline": (
            "Keep students in school and out of the justice system through public health and "
            "youth-centered responses to behavior."
        ),
        "purpose": _md(
            """
            Students, and in particular Black students and students with disabilities, are
            referred to law enforcement and arrested at school for behavior that educators,
            counselors and families could handle. A referral or an arrest makes it more likely
            that a young person falls behind, leaves school or comes back into contact with the
            justice system.

            This learning community helps school districts and their partners reduce police
            involvement in school discipline, build restorative and mental health supports, and
            make sure the role of any officer on campus is narrow and clear.
            """
        ),
        "who_should_join": _md(
            """
            - A **data coordinator** who can pull discipline, referral and arrest data by
              student group
            - A school resource officer supervisor or police youth services lead
            - A district administrator for student support, discipline or safety from the
              **education** sector (the implementing sector)
            - A school counselor, psychologist or social worker
            - A student or recent graduate, and a parent or caregiver, with lived experience of
              school discipline
            - A school board member or local elected official
            """
        ),
        "modules": [
            {
                "title": "Vision, goals and team charter for school diversion",
                "aims": """
                    - Agree on which school behaviors should never lead to police contact
                    - Write a charter that includes students and families as full members
                    - Set goals for referrals, arrests and time in class
                """,
                "guidance": """
                    Begin with the students' experience. Ask a few students and parents to
                    describe what happened the last time a conflict at school involved an
                    officer, and what would have helped instead.

                    Good goals are concrete: fewer referrals to law enforcement, fewer
                    school-based arrests, fewer days lost to suspension, and smaller gaps
                    between student groups on each.
                """,
            },
            {
                "title": "School discipline data: inventory, baseline and measures",
                "aims": """
                    - Find discipline, referral and arrest data and who keeps it
                    - Build a baseline by school, grade, race and disability status
                    - Choose measures the team will review every grading period
                """,
                "guidance": """
                    Districts report referrals to law enforcement and school-related arrests
                    to the federal Civil Rights Data Collection, which is a useful starting
                    point. Local discipline systems and school resource officer logs add detail:
                    the behavior, the location and what followed.

                    Break every number down by race, disability and grade. Disparities are
                    often largest for a few behaviors with vague definitions, such as
                    "disruption" or "defiance".
                """,
            },
            {
                "title": "Mapping supports and reviewing school safety policy",
                "aims": """
                    - Map counselors, social workers, mental health services and restorative
                      staff by school
                    - Review the agreement with the police department on the role of school
                      resource officers
                    - Review the code of conduct for behaviors that lead to police contact
                """,
                "guidance": """
                    Count support staff per student in each school and compare with
                    recommended ratios. Note which schools have a school resource officer and
                    which have a full-time counselor: many have the first but not the second.

                    Read the memorandum of understanding with the police department. It should
                    say that officers do not handle routine discipline, list the narrow cases in
                    which they act, and require data to be reported. Then read the code of
                    conduct for offenses that require a police referral.
                """,
            },
            {
                "title": "Designing diversion and an implementation plan",
                "aims": """
                    - Design a referral path that sends behavior to school staff and partners
                      first
                    - Plan restorative practices and mental health supports
                    - Write the implementation plan, with training and timelines
                """,
                "guidance": """
                    A diversion protocol lists the behaviors that are handled by school staff,
                    the steps staff take, and the rare cases in which police are called. Pair it
                    with a way for staff to reach a counselor or a mobile crisis team quickly
                    when a student is in crisis.

                    Restorative practices, such as circles and conferences to repair harm,
                    work best when they are part of the school day and staff are trained and
                    coached, not when they are a single training.

                    Start in a few schools with strong principals, review referrals every
                    month, and widen once the protocol holds.
                """,
            },
            {
                "title": "Sustaining diversion: funding and storytelling",
                "aims": """
                    - Fund support staff for the long term
                    - Report progress to the school board and families
                    - Share what students say changed
                """,
                "guidance": """
                    Medicaid can pay for some school-based mental health services, and state
                    funds for student wellness are growing. Some districts redirect money from
                    school resource officer contracts to counselors and restorative staff.

                    Report each term on referrals, arrests and suspensions by student group.
                    Invite students to present the results with staff: school boards listen
                    closely to them.
                """,
            },
        ],
    },
]

# ---------------------------------------------------------------------------------------------
# Jurisdictions: real places, approximate coordinates and populations
# ---------------------------------------------------------------------------------------------

CITY = Jurisdiction.Kind.CITY
COUNTY = Jurisdiction.Kind.COUNTY
REGION = Jurisdiction.Kind.REGION

# (name, state, kind, population, latitude, longitude)
JURISDICTIONS = [
    ("Amherst", "MA", CITY, 39_000, "42.37320", "-72.51990"),
    ("Sacramento", "CA", CITY, 525_000, "38.58160", "-121.49440"),
    ("Redmond", "WA", CITY, 77_000, "47.67400", "-122.12150"),
    ("Huntsville", "AL", CITY, 225_000, "34.73040", "-86.58610"),
    ("Albuquerque", "NM", CITY, 560_000, "35.08450", "-106.65110"),
    ("Multnomah County", "OR", COUNTY, 795_000, "45.54700", "-122.41700"),
    ("Denver", "CO", CITY, 715_000, "39.73920", "-104.98470"),
    ("Hennepin County", "MN", COUNTY, 1_270_000, "45.00500", "-93.47600"),
    ("St. Petersburg", "FL", CITY, 260_000, "27.76730", "-82.64030"),
    ("Burlington", "VT", CITY, 45_000, "44.47590", "-73.21210"),
    ("Durham", "NC", CITY, 290_000, "35.99400", "-78.89860"),
    ("Baltimore", "MD", CITY, 570_000, "39.29040", "-76.61220"),
    ("Milwaukee", "WI", CITY, 570_000, "43.03890", "-87.90650"),
    ("Newark", "NJ", CITY, 305_000, "40.73570", "-74.17240"),
    ("Oakland", "CA", CITY, 435_000, "37.80440", "-122.27080"),
    ("Savannah", "GA", CITY, 147_000, "32.08350", "-81.09980"),
    ("Ithaca", "NY", CITY, 32_000, "42.44400", "-76.50190"),
    ("Tulsa", "OK", CITY, 410_000, "36.15400", "-95.99280"),
    ("Dayton", "OH", CITY, 137_000, "39.75900", "-84.19160"),
    ("Harris County", "TX", COUNTY, 4_800_000, "29.85780", "-95.39360"),
    ("Northwest Arkansas", "AR", REGION, 590_000, "36.18670", "-94.12880"),
]

STATE_TIME_ZONES = {
    "AK": "America/Anchorage",
    "AL": "America/Chicago",
    "AR": "America/Chicago",
    "AZ": "America/Phoenix",
    "CA": "America/Los_Angeles",
    "CO": "America/Denver",
    "HI": "Pacific/Honolulu",
    "IA": "America/Chicago",
    "ID": "America/Boise",
    "IL": "America/Chicago",
    "KS": "America/Chicago",
    "LA": "America/Chicago",
    "MN": "America/Chicago",
    "MO": "America/Chicago",
    "MS": "America/Chicago",
    "MT": "America/Denver",
    "ND": "America/Chicago",
    "NE": "America/Chicago",
    "NM": "America/Denver",
    "NV": "America/Los_Angeles",
    "OK": "America/Chicago",
    "OR": "America/Los_Angeles",
    "SD": "America/Chicago",
    "TX": "America/Chicago",
    "UT": "America/Denver",
    "WA": "America/Los_Angeles",
    "WI": "America/Chicago",
    "WY": "America/Denver",
}

# ---------------------------------------------------------------------------------------------
# Cohorts and teams
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortPlan:
    name: str
    community_slug: str
    start_month_offset: int  # months from the current month; negative is in the past
    months: int
    places: tuple[tuple[str, str], ...]
    # A cohort under way ignores the month offset: it started on the Monday 13 weeks ago (91
    # to 97 days before today) and runs 26 weeks, so on any day it is in module 3 and the
    # story in demo_activity.py (sessions, due dates, who is late) holds.
    under_way: bool = False

    def dates(self, today: date) -> tuple[date, date]:
        if self.under_way:
            thirteen_weeks_ago = today - timedelta(weeks=13)
            starts_on = thirteen_weeks_ago - timedelta(days=thirteen_weeks_ago.weekday())
            return starts_on, starts_on + timedelta(weeks=26, days=-1)
        starts_on = _month_start(today, self.start_month_offset)
        ends_on = _month_start(today, self.start_month_offset + self.months) - timedelta(days=1)
        return starts_on, ends_on


COHORTS = [
    CohortPlan(
        "Crisis Systems cohort 1",
        "crisis-systems",
        -15,
        6,
        (
            ("Amherst", "MA"),
            ("Sacramento", "CA"),
            ("Redmond", "WA"),
            ("Huntsville", "AL"),
            ("Albuquerque", "NM"),
            ("Multnomah County", "OR"),
        ),
    ),
    CohortPlan(
        "Policing Alternatives to Traffic Safety cohort 1",
        "traffic-safety",
        -11,
        6,
        (
            ("Denver", "CO"),
            ("Hennepin County", "MN"),
            ("St. Petersburg", "FL"),
            ("Burlington", "VT"),
            ("Durham", "NC"),
        ),
    ),
    CohortPlan(
        "Community Violence Intervention cohort 1",
        "community-violence-intervention",
        -3,
        6,
        (
            ("Oakland", "CA"),
            ("Milwaukee", "WI"),
            ("Baltimore", "MD"),
            ("Newark", "NJ"),
            ("Savannah", "GA"),
        ),
        under_way=True,
    ),
    CohortPlan(
        "School-Based Diversion cohort 1",
        "school-based-diversion",
        3,
        6,
        (
            ("Ithaca", "NY"),
            ("Tulsa", "OK"),
            ("Dayton", "OH"),
            ("Harris County", "TX"),
            ("Northwest Arkansas", "AR"),
        ),
    ),
]

# The printed demo logins: the coordinator leads data work on one team of the cohort under way,
# the member sits on another team of the same cohort.
COORDINATOR_TEAM = ("Community Violence Intervention cohort 1", ("Oakland", "CA"))
MEMBER_TEAM = ("Community Violence Intervention cohort 1", ("Milwaukee", "WI"))

FIRST_NAMES = [
    "Aaliyah", "Andre", "Beatriz", "Caleb", "Chloe", "Darnell", "Deborah", "Elena", "Emeka",
    "Farah", "Gabriel", "Grace", "Hannah", "Hector", "Imani", "Isaac", "Jasmine", "Javier",
    "Keisha", "Kenji", "Laura", "Lucia", "Malik", "Marcus", "Maya", "Mei", "Nadia", "Nathan",
    "Olivia", "Omar", "Paula", "Rafael", "Renee", "Samir", "Sandra", "Tanisha", "Terrence",
    "Tomas", "Vanessa", "Victor", "Wendy", "Xavier", "Yolanda", "Zoe",
]  # fmt: skip
LAST_NAMES = [
    "Abernathy", "Alvarez", "Banks", "Bergstrom", "Castillo", "Chen", "Coleman", "Dawson",
    "Diallo", "Dominguez", "Ellison", "Fitzgerald", "Foster", "Gutierrez", "Hayes", "Holloway",
    "Ibarra", "Jefferson", "Kaplan", "Kowalski", "Lindqvist", "Mahoney", "Medina", "Morrison",
    "Nakamura", "Nguyen", "Okonkwo", "Patel", "Pham", "Quinn", "Ramirez", "Robinson",
    "Sandoval", "Schultz", "Singh", "Sullivan", "Thompson", "Tran", "Underwood", "Vasquez",
    "Washington", "Whitaker", "Yamamoto", "Zimmerman",
]  # fmt: skip


def organisation_for(sector: str, place: str, kind: str) -> str:
    """A plausible, generic organization name for a sector in a place."""
    county = kind == COUNTY
    region = kind == REGION
    names = {
        Sector.LAW_ENFORCEMENT: (
            f"{place} Sheriff's Office"
            if county
            else f"{place} Police Chiefs' Council"
            if region
            else f"{place} Police Department"
        ),
        Sector.FIRE: f"{place} Fire Rescue" if county or region else f"{place} Fire Department",
        Sector.EMS: f"{place} Emergency Medical Services",
        Sector.COMMUNICATIONS_911: f"{place} Emergency Communications Center",
        Sector.BEHAVIORAL_HEALTH: f"{place} Behavioral Health Services",
        Sector.PUBLIC_HEALTH: f"{place} Public Health Department",
        Sector.EDUCATION: (
            f"{place} school districts" if county or region else f"{place} Public Schools"
        ),
        Sector.TRANSPORTATION: f"{place} Department of Transportation",
        Sector.COMMUNITY_VIOLENCE_INTERVENTION: f"{place} Street Outreach Collaborative",
        Sector.LOCAL_GOVERNMENT: (
            place if county else f"{place} Council of Governments" if region else f"City of {place}"
        ),
        Sector.COMMUNITY_ORGANISATION: f"{place} Community Coalition",
        Sector.OTHER: f"{place} Community Foundation",
    }
    return names[sector]


IMPLEMENTER_TITLES = {
    Sector.BEHAVIORAL_HEALTH: "Crisis services director",
    Sector.TRANSPORTATION: "Traffic operations manager",
    Sector.COMMUNITY_VIOLENCE_INTERVENTION: "Outreach program director",
    Sector.EDUCATION: "Director of student support services",
}
RESPONDER_TITLES = {
    Sector.LAW_ENFORCEMENT: ["Lieutenant, community response unit", "Deputy chief", "Captain"],
    Sector.FIRE: ["Battalion chief", "Deputy fire chief"],
    Sector.EMS: ["EMS operations supervisor", "Community paramedic lead"],
}
COORDINATOR_SECTORS = [
    Sector.LOCAL_GOVERNMENT,
    Sector.PUBLIC_HEALTH,
    Sector.COMMUNICATIONS_911,
    Sector.LOCAL_GOVERNMENT,
]
COORDINATOR_TITLES = [
    "Data analyst",
    "Performance and data manager",
    "Research and evaluation lead",
]
# One seat in the "Other" team role per cohort, so that every role is held somewhere:
# (cohort, place) -> (sector, organization, job title). Planned after every other seat, so the
# names given to the other seats stay what they were before these seats existed.
OTHER_SEATS = {
    ("Crisis Systems cohort 1", ("Sacramento", "CA")): (
        Sector.PUBLIC_HEALTH,
        "Sacramento Public Health Department",
        "Epidemiologist",
    ),
    ("Policing Alternatives to Traffic Safety cohort 1", ("Durham", "NC")): (
        Sector.PUBLIC_HEALTH,
        "Durham Public Health Department",
        "Injury prevention coordinator",
    ),
    ("Community Violence Intervention cohort 1", ("Baltimore", "MD")): (
        Sector.PUBLIC_HEALTH,
        "Baltimore Regional Trauma Center",
        "Trauma social worker",
    ),
    ("School-Based Diversion cohort 1", ("Tulsa", "OK")): (
        Sector.BEHAVIORAL_HEALTH,
        "Tulsa Behavioral Health Services",
        "School-based clinician",
    ),
}

# (role, sector, job title) for the extra seats on a team
EXTRA_SEATS = [
    (TeamRole.LIVED_EXPERIENCE, Sector.COMMUNITY_ORGANISATION, "Peer support specialist"),
    (TeamRole.EXECUTIVE, Sector.LOCAL_GOVERNMENT, "Deputy city manager"),
    (TeamRole.ELECTED_OFFICIAL, Sector.LOCAL_GOVERNMENT, "Council member"),
    (TeamRole.COMMUNITY_PARTNER, Sector.COMMUNITY_ORGANISATION, "Executive director"),
]


@dataclass
class Seat:
    role: str
    sector: str
    organisation: str
    job_title: str
    full_name: str = ""
    email: str = ""
    share_contact_with_cohort: bool = False
    user: User | None = None


def email_local_part(full_name: str) -> str:
    return ".".join(re.sub(r"[^a-z]", "", part.lower()) for part in full_name.split())


class NamePicker:
    """Deterministic, unique people's names for demo users."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None) -> None:
        self.rng = rng
        self.taken: set[str] = set(taken or ())

    def pick(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            if name not in self.taken:
                self.taken.add(name)
                return name


def _month_start(today: date, offset: int) -> date:
    years, month_index = divmod(today.month - 1 + offset, 12)
    return date(today.year + years, month_index + 1, 1)


def _team_seats(
    rng: random.Random, jurisdiction: Jurisdiction, community: LearningCommunity
) -> list[Seat]:
    place, kind = jurisdiction.name, jurisdiction.kind
    coordinator_sector = rng.choice(COORDINATOR_SECTORS)
    responder_sector = rng.choice(sorted(FIRST_RESPONSE_SECTORS))
    seats = [
        Seat(
            TeamRole.DATA_COORDINATOR,
            coordinator_sector,
            organisation_for(coordinator_sector, place, kind),
            rng.choice(COORDINATOR_TITLES),
        ),
        Seat(
            TeamRole.FIRST_RESPONSE,
            responder_sector,
            organisation_for(responder_sector, place, kind),
            rng.choice(RESPONDER_TITLES[responder_sector]),
        ),
        Seat(
            TeamRole.IMPLEMENTING_SECTOR,
            community.implementing_sector,
            organisation_for(community.implementing_sector, place, kind),
            IMPLEMENTER_TITLES[community.implementing_sector],
        ),
    ]
    for role, sector, title in rng.sample(EXTRA_SEATS, rng.randint(1, 2)):
        seats.append(Seat(role, sector, organisation_for(sector, place, kind), title))
    for seat in seats:
        seat.share_contact_with_cohort = rng.random() < 0.6
    return seats


def _users_for(seats: list[tuple[Seat, str]]) -> dict[str, User]:
    """The demo users for these seats by email, creating the missing ones in one go."""
    emails = [seat.email for seat, _ in seats if seat.user is None]
    users = User.objects.in_bulk(emails, field_name="email")
    missing = []
    for seat, time_zone in seats:
        if seat.user is not None or seat.email in users:
            continue
        user = User(
            email=seat.email,
            full_name=seat.full_name,
            role=User.Role.PARTICIPANT,
            organisation=seat.organisation,
            time_zone=time_zone,
            is_demo=True,
        )
        user.set_unusable_password()
        missing.append(user)
    User.objects.bulk_create(missing)
    return User.objects.in_bulk(emails, field_name="email")


@dataclass
class SeededCohorts:
    communities: dict[str, LearningCommunity]
    jurisdictions: dict[tuple[str, str], Jurisdiction]
    cohorts: dict[str, Cohort]
    teams: dict[tuple[str, tuple[str, str]], Team]


def seed_learning_communities() -> dict[str, LearningCommunity]:
    communities: dict[str, LearningCommunity] = {}
    for position, spec in enumerate(LEARNING_COMMUNITIES, start=1):
        community, _ = LearningCommunity.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "short_name": spec["short_name"],
                "tagline": spec["tagline"],
                "purpose": spec["purpose"],
                "who_should_join": spec["who_should_join"],
                "implementing_sector": spec["implementing_sector"],
                "position": position,
            },
        )
        existing = set(community.modules.values_list("number", flat=True))
        for number, module in enumerate(spec["modules"], start=1):
            if number in existing:
                continue
            Module.objects.create(
                learning_community=community,
                number=number,
                title=module["title"],
                aims=_md(module["aims"]),
                guidance=_md(module["guidance"]),
                deliverable_name=DELIVERABLES[number - 1],
            )
        communities[community.slug] = community
    seed_prompts(communities)
    return communities


def seed_prompts(communities: dict[str, LearningCommunity]) -> None:
    """The deliverable template of every module (demo_curriculum.CURRICULUM), prompt by prompt."""
    modules = {
        (module.learning_community_id, module.number): module
        for module in Module.objects.filter(learning_community__in=communities.values())
    }
    existing = set(
        DeliverablePrompt.objects.filter(module__in=modules.values()).values_list(
            "module_id", "key"
        )
    )
    missing = []
    for slug, curriculum in CURRICULUM.items():
        community = communities[slug]
        for number, prompts in curriculum.items():
            module = modules[(community.pk, number)]
            for position, prompt in enumerate(prompts):
                if (module.pk, prompt.key) in existing:
                    continue
                missing.append(
                    DeliverablePrompt(
                        module=module,
                        position=position,
                        key=prompt.key,
                        label=prompt.label,
                        help_text=prompt.help_text,
                        kind=prompt.kind,
                        options="\n".join(prompt.options),
                        required=prompt.required,
                        refers_to=prompt.refers_to,
                    )
                )
    bulk_create_with_history(missing, DeliverablePrompt)


def seed_jurisdictions() -> dict[tuple[str, str], Jurisdiction]:
    jurisdictions: dict[tuple[str, str], Jurisdiction] = {}
    for name, state, kind, population, latitude, longitude in JURISDICTIONS:
        jurisdiction, _ = Jurisdiction.objects.get_or_create(
            name=name,
            state=state,
            kind=kind,
            defaults={
                "population": population,
                "latitude": Decimal(latitude),
                "longitude": Decimal(longitude),
            },
        )
        jurisdictions[(name, state)] = jurisdiction
    return jurisdictions


def _curriculum_backfill(cohort: Cohort, plan: CohortPlan, today: date) -> None:
    """Give a demo cohort seeded before cohorts carried their curriculum its copy of the five
    modules, as services.cohort_create makes it, and its planned dates."""
    starts_on, ends_on = plan.dates(today)
    if (cohort.starts_on, cohort.ends_on) != (starts_on, ends_on):
        cohort.starts_on, cohort.ends_on = starts_on, ends_on
        cohort.save(update_fields=["starts_on", "ends_on", "updated_at"])
    span = (ends_on - starts_on) / 5
    modules = cohort.learning_community.modules.prefetch_related("prompts").order_by("number")
    CohortModule.objects.bulk_create(
        CohortModule(
            cohort=cohort,
            number=module.number,
            title=module.title,
            aims=module.aims,
            guidance=module.guidance,
            deliverable_name=module.deliverable_name,
            prompts=[prompt.snapshot() for prompt in module.prompts.all()],
            due_on=starts_on + span * module.number,
        )
        for module in modules
    )


def seed_cohorts(
    *,
    coordinator: User,
    member: User,
    facilitators: list[User] | None = None,
    experts: list[User] | None = None,
    ta_providers: list[User] | None = None,
    today: date | None = None,
) -> SeededCohorts:
    """Create the demo curriculum, places, cohorts, teams and memberships that are missing.

    `coordinator` becomes the data coordinator of one team of the cohort under way and `member`
    a member of another team of the same cohort. Every cohort gets the `facilitators`,
    `experts` and `ta_providers`.
    """
    today = today or timezone.localdate()
    facilitators, experts, ta_providers = facilitators or [], experts or [], ta_providers or []
    rng = random.Random(2026)
    names = NamePicker(rng, taken={coordinator.full_name, member.full_name})
    communities = seed_learning_communities()
    jurisdictions = seed_jurisdictions()

    cohorts: dict[str, Cohort] = {}
    teams: dict[tuple[str, tuple[str, str]], Team] = {}
    planned: list[tuple[Team, Seat, str]] = []
    for plan in COHORTS:
        community = communities[plan.community_slug]
        cohort = Cohort.objects.filter(name=plan.name).first()
        if cohort is None:
            starts_on, ends_on = plan.dates(today)
            cohort = cohort_create(
                learning_community=community,
                name=plan.name,
                starts_on=starts_on,
                ends_on=ends_on,
                capacity=8,
                facilitators=facilitators,
                experts=experts,
                ta_providers=ta_providers,
            )
        else:
            if not cohort.modules.exists():
                _curriculum_backfill(cohort, plan, today)
            cohort.facilitators.add(*facilitators)
            cohort.experts.add(*experts)
            cohort.ta_providers.add(*ta_providers)
        cohorts[plan.name] = cohort
        for place in plan.places:
            jurisdiction = jurisdictions[place]
            team, _ = Team.objects.get_or_create(
                cohort=cohort,
                jurisdiction=jurisdiction,
                defaults={"name": f"{jurisdiction.name} team"},
            )
            teams[(plan.name, place)] = team
            # Plan every seat before touching the database so the random sequence is the same
            # on every run, whatever already exists.
            seats = _team_seats(rng, jurisdiction, community)
            for seat in seats:
                seat.full_name = names.pick()
                seat.email = f"{email_local_part(seat.full_name)}@example.org"
            if (plan.name, place) == COORDINATOR_TEAM:
                seats[0].user = coordinator
                seats[0].sector = Sector.LOCAL_GOVERNMENT
                seats[0].organisation = coordinator.organisation or seats[0].organisation
            if (plan.name, place) == MEMBER_TEAM:
                seats.append(
                    Seat(
                        TeamRole.COMMUNITY_PARTNER,
                        Sector.COMMUNITY_ORGANISATION,
                        member.organisation
                        or organisation_for(
                            Sector.COMMUNITY_ORGANISATION, jurisdiction.name, jurisdiction.kind
                        ),
                        "Program manager",
                        share_contact_with_cohort=True,
                        user=member,
                    )
                )
            gaps = composition_gaps(seats, [community])
            if gaps:
                raise ValueError(f"Demo team {team.name} is incomplete: {gaps}")
            time_zone = STATE_TIME_ZONES.get(jurisdiction.state, "America/New_York")
            planned += [(team, seat, time_zone) for seat in seats]

    for (cohort_name, place), (sector, organisation, job_title) in OTHER_SEATS.items():
        full_name = names.pick()
        seat = Seat(
            TeamRole.OTHER,
            sector,
            organisation,
            job_title,
            full_name=full_name,
            email=f"{email_local_part(full_name)}@example.org",
            share_contact_with_cohort=True,
        )
        planned.append(
            (teams[(cohort_name, place)], seat, STATE_TIME_ZONES.get(place[1], "America/New_York"))
        )

    users = _users_for([(seat, time_zone) for _, seat, time_zone in planned])
    existing = set(
        Membership.objects.filter(team__in=teams.values()).values_list("team_id", "user_id")
    )
    for team, seat, _ in planned:
        user = seat.user or users[seat.email]
        if (team.pk, user.pk) in existing:
            continue
        Membership.objects.create(
            team=team,
            user=user,
            role=seat.role,
            sector=seat.sector,
            organisation=seat.organisation,
            job_title=seat.job_title,
            share_contact_with_cohort=seat.share_contact_with_cohort,
        )
    return SeededCohorts(
        communities=communities, jurisdictions=jurisdictions, cohorts=cohorts, teams=teams
    )
