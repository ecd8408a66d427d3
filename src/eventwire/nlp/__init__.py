"""The nlp stage: named entities, canonical actors, roles and quotes."""
