"""A valid synthetic program at any scale, written as YAML the way coordinators write it.

Deterministic for a given scale and seed, so runs compare like with like.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

TEAMS = [
    "Observability",
    "Platform Reliability",
    "Incident Response",
    "Storage",
    "Networking",
    "Developer Experience",
    "Databases",
    "Edge",
    "Capacity",
    "Security Engineering",
]
FIRST = [
    "Ada",
    "Zoë",
    "José",
    "Łukasz",
    "Ngọc",
    "Søren",
    "Ayşe",
    "Ольга",
    "静",
    "Amara",
    "Kwame",
    "Priya",
    "Mateo",
    "Yuki",
    "Fatima",
    "Noah",
    "Ingrid",
    "Tomás",
    "Leila",
    "Ravi",
]
LAST = [
    "Ångström",
    "Núñez",
    "Wójcik",
    "Trần",
    "Kierkegård",
    "Yılmaz",
    "Петрова",
    "李",
    "Okafor",
    "Mensah",
    "Sharma",
    "García",
    "Tanaka",
    "Haddad",
    "Berg",
    "Costa",
    "Nakamura",
    "Iyer",
    "Schmidt",
    "Dubois",
]
SKILLS = [
    "Prometheus",
    "Kubernetes",
    "incident command",
    "capacity planning",
    "Terraform",
    "PostgreSQL",
    "on-call health",
    "SLO design",
    "chaos engineering",
    "Go",
    "eBPF",
]
ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "America/Los_Angeles",
    "Europe/Warsaw",
    "Asia/Ho_Chi_Minh",
    "Africa/Lagos",
    "Asia/Tokyo",
]


@dataclass(frozen=True)
class Scale:
    name: str
    people: int
    pairings: int


SCALES = {
    "small": Scale("small", 50, 25),
    "large": Scale("large", 2_000, 1_000),
    "huge": Scale("huge", 20_000, 10_000),
}


def write_program(target: Path, scale: Scale, seed: int = 7) -> Path:
    """Write a valid program of `scale` into `target` (created); returns `target`."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    (target / "surveys").mkdir(exist_ok=True)
    start = date(2024, 1, 1)
    people = _people(rng, scale.people)
    pairings = _pairings(rng, people, scale.pairings, start)
    _dump(
        target / "program.yaml",
        {
            "name": "Synthetic Mentorship Program",
            "organization": "SRE",
            "incentives_start": date(2024, 4, 15),
            "reporting": {"cadence_days": 14, "first": start},
            "privacy": {"min_group_size": 5},
            "targets": [{"metric": "participation", "value": 0.4, "by": date(2025, 12, 31)}],
        },
    )
    _dump(target / "people.yaml", people)
    _dump(
        target / "cohorts.yaml",
        [
            {
                "id": f"cohort-{n}",
                "name": f"Cohort {n}",
                "start": date(2024 + n // 2, 1 + 6 * (n % 2), 1),
                "end": date(2024 + n // 2, 6 + 6 * (n % 2), 30),
            }
            for n in range(4)
        ],
    )
    _dump(target / "pairings.yaml", pairings)
    _dump(target / "timeline.yaml", _timeline(people))
    _dump(target / "incentives.yaml", _incentives(rng, people))
    _dump(
        target / "baseline.yaml",
        [
            {
                "date": date(2023, 11, 15),
                "eligible": scale.people // 2,
                "mentors": 3,
                "mentees": 4,
                "source": "Staff survey",
            },
        ],
    )
    invited = max(10, scale.people // 2)
    _dump(
        target / "surveys" / "post-implementation-2024.yaml",
        {
            "id": "post-implementation-2024",
            "title": "Post-implementation survey",
            "date": date(2024, 9, 30),
            "invited": invited,
            "questions": [
                {
                    "id": f"q{n}",
                    "text": f"Statement number {n} about mentorship.",
                    "scale": [
                        "Strongly disagree",
                        "Disagree",
                        "Neutral",
                        "Agree",
                        "Strongly agree",
                    ],
                    "counts": [
                        invited // 20,
                        invited // 10,
                        invited // 10,
                        invited // 5,
                        invited // 10,
                    ],
                    "by_role": {
                        "mentor": [0, invited // 40, invited // 40, invited // 20, invited // 40],
                        "mentee": [invited // 20] * 3 + [invited // 10, invited // 20],
                    },
                }
                for n in range(6)
            ],
            "themes": [
                {"theme": "On-call load leaves little time", "mentions": 7},
                {"theme": "Wants cross-team pairs", "mentions": 3},
            ],
        },
    )
    return target


def _people(rng: random.Random, count: int) -> list[dict[str, object]]:
    managers = max(1, count // 8)
    people: list[dict[str, object]] = []
    for n in range(count):
        person: dict[str, object] = {
            "id": f"p{n:05d}",
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
            "team": TEAMS[n % len(TEAMS)],
            "joined": date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3000)),
            "roles": ["manager"] if n < managers else ["mentor"] if n % 2 else ["mentee"],
            "timezone": rng.choice(ZONES),
            "publish": rng.random() > 0.15,
        }
        if n:
            # Managers report to an earlier manager; everyone else to a manager.
            person["manager"] = f"p{rng.randrange(0, min(n, managers)):05d}"
        if n >= managers and n % 2:
            person["capacity"] = 2
            person["skills"] = rng.sample(SKILLS, 3)
        elif n >= managers:
            person["interests"] = rng.sample(SKILLS, 2)
        people.append(person)
    return people


def _pairings(
    rng: random.Random, people: list[dict[str, object]], count: int, start: date
) -> list[dict[str, object]]:
    mentors = [p for p in people if p["roles"] == ["mentor"]]
    mentees = [p for p in people if p["roles"] == ["mentee"]]
    statuses = ["active", "completed", "ended-early", "paused", "proposed"]
    pairings: list[dict[str, object]] = []
    for n in range(count):
        mentor = mentors[n % len(mentors)]
        # Each mentor gets one pairing a term, each with another mentee: no pair repeats, and
        # with at most two terms running at once no capacity is exceeded.
        term = n // len(mentors)
        mentee = mentees[(n % len(mentors) + term) % len(mentees)]
        begin = max(start + timedelta(days=200 * term), mentor["joined"], mentee["joined"])  # type: ignore[type-var]
        status = statuses[n % len(statuses)] if term < 3 else "active"
        pairing: dict[str, object] = {
            "mentor": mentor["id"],
            "mentee": mentee["id"],
            "cohort": f"cohort-{min(term, 3)}",
            "start": begin,
            "status": status,
            "goals": [
                {
                    "title": f"Goal {g} of pairing {n}",
                    "status": "in-progress",
                    "due": begin + timedelta(days=90),
                }
                for g in range(2)
            ],
        }
        if status in ("completed", "ended-early"):
            pairing["end"] = begin + timedelta(days=rng.randrange(30, 150))
        pairings.append(pairing)
    return pairings


def _timeline(people: list[dict[str, object]]) -> list[dict[str, object]]:
    owner = people[0]["id"]
    items: list[dict[str, object]] = [
        {
            "id": "wg-meeting",
            "title": "Working group meeting",
            "kind": "meeting",
            "start": date(2024, 1, 10),
            "end": date(2024, 3, 27),
            "repeat": "weekly",
            "duration_minutes": 30,
            "started_on": date(2024, 1, 10),
            "done_on": date(2024, 3, 27),
            "owner": owner,
        },
    ]
    previous = None
    for n in range(20):
        item: dict[str, object] = {
            "id": f"phase-{n}",
            "title": f"Phase {n}",
            "kind": "phase",
            "start": date(2024, 1, 1) + timedelta(days=30 * n),
            "end": date(2024, 1, 29) + timedelta(days=30 * n),
            "started_on": date(2024, 1, 1) + timedelta(days=30 * n),
            "done_on": date(2024, 1, 29) + timedelta(days=30 * n),
        }
        if previous:
            item["depends_on"] = [previous]
        items.append(item)
        previous = str(item["id"])
    return items


def _incentives(rng: random.Random, people: list[dict[str, object]]) -> list[dict[str, object]]:
    categories = ["recognition", "professional-development", "career", "time", "community"]
    return [
        {
            "id": f"incentive-{n}",
            "name": f"Incentive {n}",
            "category": categories[n % 5],
            "audience": ["mentor", "mentee", "both"][n % 3],
            "summary": f"Summary of incentive {n}.",
            "description": f"A *longer* description of incentive {n}.",
            "cost": "low",
            **_CHANGES[n % len(_CHANGES)],
            "owner": people[rng.randrange(len(people))]["id"],
        }
        for n in range(15)
    ]


#: The days an incentive's status changed: proposed, piloting, adopted, then retired.
_CHANGES: tuple[dict[str, date], ...] = (
    {},
    {"piloting_on": date(2024, 2, 1)},
    {"piloting_on": date(2024, 2, 1), "adopted_on": date(2024, 4, 1)},
    {"adopted_on": date(2024, 4, 1), "retired_on": date(2025, 6, 2)},
)


def _dump(path: Path, data: object) -> None:
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(
            data,
            stream,
            Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
            allow_unicode=True,
            sort_keys=False,
        )


def write_scale(target: str, scale: str) -> None:
    """`write_program` by names, for a child process (`bench.measure.in_child`)."""
    write_program(Path(target), SCALES[scale])
