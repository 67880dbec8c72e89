"""The reading stage between structure and detect: each sentence, list item (with its lead-in) and
table row read once into typed clause frames (who may or must do what with which data, under which
condition, for which scope)."""
