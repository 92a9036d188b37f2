"""Swedish and English labels for everything the tool shows a person (Swedish by default)."""

__all__ = ["label"]

_LABELS = {
    # rejection reasons
    "no_coordinates": ("saknar koordinater", "no coordinates"),
    "unparseable_coordinates": ("koordinater går inte att läsa", "unreadable coordinates"),
    "zero_coordinates": ("koordinater (0,0) – plats dold eller okänd", "coordinates (0,0) – location withheld"),
    "null_island": ("koordinater vid 0° N 0° E – misslyckad geokodning", "coordinates at 0° N 0° E – failed geocoding"),
    "out_of_range": ("koordinater utanför giltigt område", "coordinates out of range"),
    "outside_study_area": ("utanför studieområdet", "outside the study area"),
    "not_a_point": ("geometrin är inte en punkt", "geometry is not a point"),
    "missing_time": ("saknar tid", "no time"),
    "unparseable_time": ("tiden går inte att läsa", "unreadable time"),
    "end_before_start": ("sluttid före starttid", "end before start"),
    "date_before_floor": ("datum före det tidigaste godtagna (--min-date)",
                          "date before the earliest accepted (--min-date)"),
    "date_in_future": ("datum i framtiden (efter --max-date)", "date in the future (after --max-date)"),
    "invalid_weight": ("ogiltig vikt", "invalid weight"),
    "duplicate_id": ("dubblett av id", "duplicate id"),
    "malformed_row": ("raden har fler fält än rubriken", "row has more fields than the header"),
    "summary_not_incident": ("sammanfattning av flera händelser, inte en händelse",
                             "summary of several events, not an incident"),
    "no_schedule": ("saknar schema (när patrullen är där)", "no schedule (when the patrol is there)"),
    "malformed_schedule": ("schemat går inte att läsa", "unreadable schedule"),
    "invalid_radius": ("ogiltig radie", "invalid radius"),
    "unsupported_geometry": ("geometrityp som inte stöds", "unsupported geometry type"),
    # categories
    "violence": ("våld", "violence"), "sexual": ("sexualbrott", "sexual offences"),
    "domestic": ("våld i nära relation", "domestic violence"),
    "weapons": ("vapen", "weapons"), "drugs": ("narkotika", "drugs"), "alcohol": ("alkohol", "alcohol"),
    "traffic": ("trafik", "traffic"), "vandalism": ("skadegörelse", "vandalism"),
    "disorder": ("ordningsstörning", "disorder"), "theft": ("stöld", "theft"),
    "burglary": ("inbrott", "burglary"), "fire": ("brand", "fire"), "fraud": ("bedrägeri", "fraud"),
    "safety": ("otrygghet", "safety"), "homicide": ("mord och dråp", "homicide"), "other": ("övrigt", "other"),
    # summary and map text
    "file": ("Fil", "File"), "source": ("källa", "source"),
    "incident": ("händelse", "incident"), "complaint": ("synpunkt", "complaint"),
    "incidents": ("Händelser", "Incidents"), "complaints": ("Medborgarsynpunkter", "Citizen complaints"),
    "rows_read": ("rader lästa", "rows read"), "rows_used": ("använda", "used"),
    "rows_rejected": ("avvisade", "rejected"), "total": ("Totalt", "Total"),
    "crs": ("koordinatsystem", "CRS"), "time_span": ("tidsperiod", "time span"),
    "categories": ("kategorier", "categories"), "warnings": ("varningar", "warnings"),
    "heat": ("Täthet (värmekarta)", "Density (heat map)"), "boundary": ("Kommungräns", "Municipal boundary"),
    "synthetic": ("Syntetiska data – inte verkliga händelser", "Synthetic data – not real events"),
    "internal": ("Internt", "Internal"), "share": ("Delningsbar", "Shareable"),
    "generated": ("skapad", "generated"), "period": ("period", "period"), "category": ("kategori", "category"),
    "time": ("tid", "time"), "text": ("fritext", "free text"), "points": ("punkter", "points"),
    "written": ("skrivet", "written"),
    "method": ("metod", "method"), "cell_m": ("cellstorlek", "cell size"),
    "bandwidth_m": ("bandbredd (m)", "bandwidth (m)"), "eps_m": ("eps (m)", "eps (m)"),
    "min_samples": ("minsta antal", "min samples"), "hot_rule": ("regel", "rule"),
    "split_rule": ("delning", "split"),
    "n_hotspots": ("hotspots", "hotspots"), "share_points": ("andel av punkterna", "share of points"),
    "share_area": ("andel av ytan", "share of area"),
    "risk_covered": ("täckt risk per vecka", "risk covered per week"),
    "efficiency": ("effektivitet", "efficiency"),
    # how the CRS was found (coords info "crs_from")
    "detected from value ranges": ("upptäckt från värdenas intervall", "detected from value ranges"),
    "stated": ("angivet", "stated"), "from_file": ("från filen", "from the file"),
    "sensitive": ("känsliga", "sensitive"),
}


def label(key: str, lang: str = "sv") -> str:
    """The label for ``key`` in ``lang`` (``"sv"`` or ``"en"``); unknown keys come back as they are."""
    pair = _LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
