"""Issue #14 done-when on the demo: 8 suggestions at 3+ places, never two at one place in one hour, the biggest
gap visited; and the weekend's suggestions for its own gaps."""

from argparse import Namespace

import pytest

from maps.cli.args.inputs import resolve_inputs
from maps.cli.commands.run import DEMO_PROJECT
from maps.cli.steps import find, read_boundary, read_incidents, read_patrols_places


@pytest.fixture(scope="module")
def demo():
    inputs = resolve_inputs(Namespace(command="run", points=[], project=str(DEMO_PROJECT), lang=None))
    _, points, _ = read_incidents(inputs)
    finder = find(inputs, points, read_boundary(inputs, points.crs))
    patrols, places = read_patrols_places(inputs, points.crs)
    return inputs, points, finder, patrols.patrols, places.places


def test_demo_suggestions_spread_and_the_biggest_gap_gets_a_visit(demo):
    from maps.products.coverage import coverage_layers

    _, points, finder, patrols, _ = demo
    cov, _, plan = coverage_layers(finder, points, patrols, visits=8)
    assert len(plan) == 8
    assert plan["hotspot_id"].nunique() >= 3
    assert not plan.duplicated(["hotspot_id", "window"]).any()
    biggest = cov.gaps.iloc[0]
    assert ((plan["hotspot_id"] == biggest["hotspot_id"]) & plan["why"].str.startswith("lucka 1:")).any()
    assert plan["schedule"].str.fullmatch(r"\w{3} \d\d:\d\d-\d\d:\d\d").all()


def test_weekend_proposes_visits_for_its_own_gaps(demo):
    from layers.cover.suggest import suggest_visits
    from layers.cover.weekend import weekend_analysis

    inputs, points, _, patrols, places = demo
    w = weekend_analysis("midsommar", 2026, points, places=places, patrols=patrols, local_events=inputs.events,
                         tz=inputs.tz)
    result = suggest_visits(w, visits=6, lang="en")
    plan = result.plan
    assert len(plan) == 6 and not plan.duplicated(["target", "window"]).any()
    biggest = result.info["biggest_gap"]
    assert plan["target"].iloc[0] == f"{biggest['kind']}:{biggest['id']}"
    assert (w.gaps.set_index("id").loc[biggest["id"], "status"]) == "gap"
    assert plan["schedule"].str.fullmatch(r"2026-06-\d\d kl \d\d:\d\d-\d\d:\d\d").all()
    assert result.expected_gain > 0 and "of the risk" in plan["why"].iloc[0]
