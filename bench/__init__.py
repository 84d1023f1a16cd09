"""Load benchmark (not part of the test suite): `python -m bench --help`, README "Lasttest"."""
