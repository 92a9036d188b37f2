"""Issue 18: promise areas from the project file are checked and named errors say which and what."""

import pandas as pd
import pytest

from hotspots.errors import InputError
from layers.review.promises import read_promises

PLACES = pd.DataFrame({"place_id": ["SP03"], "name": ["Torget"]})


def test_reads_promises_and_resolves_places_by_name():
    out = read_promises([{"name": "Unga och droger", "categories": ["drugs"], "places": ["torget"],
                          "direction": "decrease", "events": ["valborg"]}], categories={"drugs"}, places=PLACES)
    p = out[0]
    assert (p.name, p.categories, p.places, p.events, p.direction) == (
        "Unga och droger", ("drugs",), ("SP03",), ("valborg",), "minska")
    assert p.label("en") == "Unga och droger" and p.key == "promise1"


@pytest.mark.parametrize("entry, message", [
    ({"categories": ["drugs"]}, "no name"),
    ({"name": "X"}, "categories must be"),
    ({"name": "X", "categories": ["dragons"]}, "unknown categor"),
    ({"name": "X", "categories": ["drugs"], "direction": "sideways"}, "minska or öka"),
    ({"name": "X", "categories": ["drugs"], "places": ["Badhuset"]}, "unknown place"),
    ({"name": "X", "categories": ["drugs"], "colour": "red"}, "unknown key"),
])
def test_bad_promise_is_named(entry, message):
    with pytest.raises(InputError, match=message) as err:
        read_promises([entry], categories={"drugs"}, places=PLACES, source="kalix.toml")
    assert "kalix.toml: [[promises]] number 1" in str(err.value)


def test_share_name_used_in_shared_products():
    p = read_promises([{"name": "Våld i nära relation", "categories": ["domestic"], "name_share": "Våld",
                        "name_share_en": "Violence"}])[0]
    assert p.label("sv", share=True) == "Våld" and p.label("sv") == "Våld i nära relation"
    assert p.label("en", share=True) == "Violence"
