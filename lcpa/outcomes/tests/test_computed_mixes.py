"""A mix (how calls or stops ended) is several shares of one month: each standard measure
fed by one of them stores that share as its total (dataset_rules.yaml), with the month's zeros.
Here a small calls file, whose disposition mix is counted by hand below, ends in the Crisis
Systems measures' stored observations."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from lcpa.outcomes.analytics.schemas import load_schema
from lcpa.outcomes.analytics.warehouse import compute, ingest
from lcpa.outcomes.computed import computed_observations_store, linked_values
from lcpa.outcomes.content import read_directory
from lcpa.outcomes.models import Dataset, DatasetVersion, Observation
from lcpa.testing import choose_measure

JAN, FEB = date(2024, 1, 1), date(2024, 2, 1)
HEADER = "id,type,received,disposition,self"
# January: 5 community calls with a known ending: 2 helped with no enforcement (1, 2), 1
# arrest (3), 1 report (4), 1 cancelled (5). Call 6 has no ending recorded and call 7 was an
# officer's own stop: neither is in the mix. February: 2 calls, 1 helped, 1 warned, no arrest.
ROWS = [
    "1,WELFARE CHECK,2024-01-03 10:00,Non-Arrest / Non-Arrest Activity,N",
    "2,MENTAL PATIENT,2024-01-05 11:00,Non-Arrest / Non-Arrest Activity,N",
    "3,FIGHT,2024-01-09 23:00,Arrest Issued,N",
    "4,THEFT,2024-01-12 09:00,Report Generated,N",
    "5,NOISE,2024-01-20 22:00,Cancellation/Withdrawn,N",
    "6,NOISE,2024-01-21 22:00,,N",
    "7,TRAFFIC STOP,2024-01-22 14:00,Arrest Issued,Y",
    "8,WELFARE CHECK,2024-02-02 08:00,Non-Arrest / Non-Arrest Activity,N",
    "9,NOISE,2024-02-14 21:00,Warning Issued,N",
]
COLUMNS = {
    "event_id": "id",
    "call_type_final": "type",
    "t_received": "received",
    "disposition_category": "disposition",
    "self_initiated": "self",
}


def _version(cast) -> DatasetVersion:
    dataset = Dataset.objects.create(
        team=cast.team_a, kind="calls", name="Dispatch", created_by=cast.member_a1
    )
    return DatasetVersion.objects.create(
        dataset=dataset,
        number=1,
        storage_key="mix",
        original_name="calls.csv",
        size=10,
        chunk_size=10,
        uploaded_by=cast.member_a1,
    )


def test_the_disposition_mix_feeds_the_shares_helped_and_arrested_with_their_zeros(cast, tmp_path):
    choose_measure(cast.team_a, "calls_ending_in_arrest", by=cast.member_a1)
    source = tmp_path / "calls.csv"
    source.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    out = tmp_path / "calls.parquet"
    report = ingest(source=source, schema=load_schema("calls"), columns=COLUMNS, out=out)
    assert report.ok and report.rows_written == 9
    rows = compute("calls", out, measures=["calls_disposition_mix"]).rows

    with transaction.atomic():
        computed_observations_store(
            team=cast.team_a,
            version=_version(cast),
            values=linked_values("calls", rows),
            by=cast.member_a1,
        )
    stored = {
        (o.measure_version.measure.code, o.period, o.disaggregation): (o.numerator, o.denominator)
        for o in Observation.objects.filter(team=cast.team_a).select_related(
            "measure_version__measure"
        )
    }
    assert stored == {
        ("calls_resolved_without_enforcement", JAN, ""): (Decimal(2), Decimal(5)),
        ("calls_resolved_without_enforcement", FEB, ""): (Decimal(1), Decimal(2)),
        ("calls_ending_in_arrest", JAN, ""): (Decimal(1), Decimal(5)),
        ("calls_ending_in_arrest", FEB, ""): (Decimal(0), Decimal(2)),
    }


def test_the_shares_of_the_mixes_are_proportions_whose_better_direction_is_said():
    measures = {m.code: m for f in read_directory() for m in f.spec.measures}
    directions = {
        "calls_resolved_without_enforcement": "up",
        "calls_ending_in_arrest": "down",
        "stops_ending_in_arrest": "down",
        "stops_ending_in_warning": "up",
    }
    for code, better in directions.items():
        assert measures[code].kind == "proportion" and measures[code].multiplier == 100, code
        assert measures[code].better == better, code
