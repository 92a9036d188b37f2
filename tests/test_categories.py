"""Tests for hotspots.io.what.categories: keyword rules, overrides, sensitive flag, real event types."""

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hotspots.errors import InputError
from hotspots.io.what.categories import CATEGORY_KEYS, Categorised, categorise

DATA = Path(__file__).resolve().parent / "data"  # vendored, derived from ../shared/data (data/SOURCES.md)

EXPECTED = [
    # Swedish Police events API types
    ("Misshandel", "violence"),
    ("Misshandel, grov", "violence"),
    ("Stöld/inbrott", "burglary"),
    ("Stöld", "theft"),
    ("Inbrott, försök", "burglary"),
    ("Trafikolycka, personskada", "traffic"),
    ("Trafikolycka, vilt", "traffic"),
    ("Rattfylleri", "traffic"),
    ("Fylleri/LOB", "alcohol"),
    ("Narkotikabrott", "drugs"),
    ("Knivlagen", "weapons"),
    ("Vapenlagen", "weapons"),
    ("Mordbrand", "fire"),
    ("Brand", "fire"),
    ("Mord/dråp, försök", "homicide"),
    ("Rån", "violence"),
    ("Olaga hot", "violence"),
    ("Våld/hot mot tjänsteman", "violence"),
    ("Ofredande/förargelse", "disorder"),
    ("Bråk", "disorder"),
    ("Bedrägeri", "fraud"),
    ("Våldtäkt, försök", "sexual"),
    ("Motorfordon, anträffat stulet", "theft"),
    ("Sammanfattning natt", "other"),
    ("Övrigt", "other"),
    # Swedish case-system wording
    ("Misshandel, grov, inomhus, mot kvinna, bekant i nära relation", "domestic"),
    ("Grov kvinnofridskränkning", "domestic"),
    ("Sexuellt ofredande mot person som uppnått 18 år", "sexual"),
    ("Skadegörelse genom klotter", "vandalism"),
    ("Ringa narkotikabrott, eget bruk", "drugs"),
    ("Olovlig körning", "traffic"),
    # English and Spanish
    ("Break and Enter Commercial", "burglary"),
    ("Theft from Vehicle", "theft"),
    ("Theft of Vehicle", "theft"),
    ("Vehicle Collision or Pedestrian Struck (with Injury)", "traffic"),
    ("Mischief", "vandalism"),
    ("Offence Against a Person", "violence"),
    ("Homicide", "homicide"),
    ("Arma de fuego", "homicide"),
    ("Porte ilegal de arma de fuego", "weapons"),
    # Municipal complaint categories
    ("Nedskräpning", "disorder"),
    ("Klotter", "vandalism"),
    ("Buskörning", "traffic"),
    ("A-traktor", "traffic"),
    ("Dålig belysning", "safety"),
    ("Otrygg plats", "safety"),
    ("Ungdomsgäng", "disorder"),
    ("Langning", "drugs"),
    ("Langning av alkohol", "alcohol"),
]


def test_table_of_raw_values():
    raw = pd.Series([r for r, _ in EXPECTED])
    out = categorise(raw)
    assert isinstance(out, Categorised)
    got = dict(zip(raw, out.category))
    assert got == dict(EXPECTED)
    assert set(out.category) <= set(CATEGORY_KEYS)


def test_keys_are_small_and_keep_required():
    assert len(CATEGORY_KEYS) <= 16
    assert {"violence", "drugs", "traffic", "vandalism", "disorder", "theft", "other"} <= set(
        CATEGORY_KEYS)


def test_alignment_dtypes_and_broadcast():
    raw = pd.Series(["Klotter", "Stöld", "Klotter", np.nan], index=[10, 20, 30, 40])
    out = categorise(raw)
    assert out.category.index.equals(raw.index)
    assert out.sensitive.index.equals(raw.index)
    assert out.category.tolist() == ["vandalism", "theft", "vandalism", "other"]
    assert out.sensitive.dtype == bool
    assert out.info["counts"] == {"vandalism": 2, "theft": 1, "other": 1}
    assert out.info["mapping"] == {"Klotter": "vandalism", "Stöld": "theft"}
    assert out.info["missing"] == 1
    json.dumps(out.info)  # JSON-serialisable


def test_sensitive_for_domestic_and_sexual():
    raw = pd.Series(["Våldtäkt", "Våld i nära relation", "Misshandel", "Klotter"])
    out = categorise(raw)
    assert out.category.tolist() == ["sexual", "domestic", "violence", "vandalism"]
    assert out.sensitive.tolist() == [True, True, False, False]


def test_sensitive_keys_adds_but_cannot_remove():
    raw = pd.Series(["Misshandel", "Sexualbrott", "Klotter"])
    out = categorise(raw, sensitive_keys={"violence"})
    assert out.sensitive.tolist() == [True, True, False]
    out = categorise(raw, sensitive_keys=[])
    assert out.sensitive.tolist() == [False, True, False]


def test_override_cannot_unsensitise_sexual_offence():
    raw = pd.Series(["Sexuellt ofredande", "Barnmisshandel", "Grov kvinnofridskränkning"])
    out = categorise(raw, overrides={"re:.": "disorder"}, sensitive_keys=())
    assert out.category.tolist() == ["disorder", "disorder", "disorder"]
    assert out.sensitive.tolist() == [True, True, True]


def test_override_by_exact_value():
    raw = pd.Series(["Langning", "  LANGNING ", "Narkotikabrott"])
    out = categorise(raw, overrides={"langning": "alcohol"})
    assert out.category.tolist() == ["alcohol", "alcohol", "drugs"]


def test_override_by_regex_and_precedence():
    raw = pd.Series(["Skyddslagen", "Vållande till kroppsskada", "Misshandel", "Luftfartslagen"])
    out = categorise(raw, overrides={"re:^skydds|lagen$": "disorder",
                                     "re:vållande": "traffic", "Luftfartslagen": "other"})
    assert out.category.tolist() == ["disorder", "traffic", "violence", "other"]
    assert out.info["unmapped"] == []


def test_invalid_override_key_raises():
    with pytest.raises(InputError, match=r"'crime'.*valid keys are: violence"):
        categorise(pd.Series(["Klotter"]), overrides={"Klotter": "crime"})
    with pytest.raises(InputError, match="not a valid regular expression"):
        categorise(pd.Series(["Klotter"]), overrides={"re:(": "vandalism"})
    with pytest.raises(InputError, match="sensitive_keys"):
        categorise(pd.Series(["Klotter"]), sensitive_keys={"secret"})


def test_nan_and_empty_are_other_not_unmapped():
    raw = pd.Series([np.nan, None, "", "   ", pd.NA], dtype=object)
    out = categorise(raw)
    assert out.category.tolist() == ["other"] * 5
    assert out.sensitive.tolist() == [False] * 5
    assert out.info["unmapped"] == []
    assert out.info["missing"] == 3


def test_unmapped_listing():
    raw = pd.Series(["Skyddslagen", "Sammanfattning natt", "Skyddslagen", "Flygande tefat"])
    out = categorise(raw)
    assert out.category.tolist() == ["other"] * 4
    assert out.info["unmapped"] == ["Skyddslagen", "Flygande tefat"]  # summaries are known
    assert out.info["counts"] == {"other": 4}


def test_input_not_mutated():
    raw = pd.Series(["Stöld", None, "Klotter"], index=[3, 1, 2], name="typ")
    before = raw.copy()
    categorise(raw, overrides={"Stöld": "burglary"})
    pd.testing.assert_series_equal(raw, before)


def test_case_and_accent_insensitive():
    out = categorise(pd.Series(["MISSHANDEL", "misshandel", "STÖLD", "stold", "Narkotikabrott",
                                "NARKOTIKABROTT"]))
    assert out.category.tolist() == ["violence"] * 2 + ["theft"] * 2 + ["drugs"] * 2


def test_list_input_and_categorical_dtype():
    assert categorise(["Klotter", "Rån"]).category.tolist() == ["vandalism", "violence"]
    cat = pd.Series(["Klotter", "Rån", "Klotter"], dtype="category")
    assert categorise(cat).category.tolist() == ["vandalism", "violence", "vandalism"]
    with pytest.raises(InputError, match="Series or list"):
        categorise("Klotter")


def test_real_polisen_api_event_types():
    events = json.loads(gzip.decompress((DATA / "polisen" / "polisen_api_events_sample.json.gz").read_bytes()))
    types = pd.Series([e["type"] for e in events])
    out = categorise(types)
    assert set(out.category) <= set(CATEGORY_KEYS)
    notices = types.str.match(r"(Sammanfattning|Övrigt|Information|Uppdatering)")
    share_other = (out.category[~notices] == "other").mean()
    assert share_other < 0.10, out.info["mapping"]
    assert out.category[notices].eq("other").all()


def test_real_norrbotten_event_types():
    path = DATA / "polisen" / "polisen_events_norrbotten_type.csv.gz"  # all rows, the type column
    types = pd.read_csv(path, usecols=["type"])["type"]
    out = categorise(types)
    notices = types.str.match(r"(Sammanfattning|Övrigt|Information|Uppdatering)")
    assert (out.category[~notices] == "other").mean() < 0.10
    assert out.sensitive[types.isin(["Våldtäkt", "Sexualbrott", "Våldtäkt, försök"])].all()


def test_real_vancouver_types_all_classified():
    types = pd.read_csv(DATA / "crime" / "crimedata_csv_AllNeighbourhoods_2020_sample.csv.gz",  # all 11 types
                        usecols=["TYPE"])["TYPE"]
    out = categorise(types)
    assert len(out.info["mapping"]) == 11
    # None of the 11 Vancouver types is unclassifiable.
    assert out.info["unmapped"] == []
    assert "other" not in out.info["counts"]
    assert out.info["mapping"]["Mischief"] == "vandalism"
    assert out.info["mapping"]["Break and Enter Residential/Other"] == "burglary"


def test_real_medellin_modalities_are_homicide_except_undetermined():
    modes = pd.read_csv(DATA / "crime" / "medellin_homicides_sample.csv", sep=";",  # all 10 values
                        usecols=["modalidad"])["modalidad"]
    out = categorise(modes)
    assert out.info["unmapped"] == ["Por establecer"]  # "cause not yet established"
    assert set(out.category) == {"homicide", "other"}


def test_unmapped_rows_counts_rows_not_values():
    raw = pd.Series(["Skyddslagen", "Skyddslagen", "Klotter", None, "Flygande tefat", "Sammanfattning natt"])
    out = categorise(raw)
    assert out.info["unmapped"] == ["Skyddslagen", "Flygande tefat"]
    assert out.info["unmapped_rows"] == 3   # missing and known summaries are not unmapped
