"""Maps: Folium maps, briefings, exports, the project file and the CLI (built on ``layers``)."""
