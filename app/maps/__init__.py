"""Folium map builders: plain data in, `folium.Map` out; no database and no web framework here."""
