"""Pure bytes <-> domain objects for the outside file formats."""
