"""Importers: OpenStreetMap places, CBS areas and spreadsheets in; stored idempotently by source id."""
