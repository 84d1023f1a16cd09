"""Demo data: the Stolberg setting (Leitbild, areas, plans, 24 measures, actors, monitoring).

Everything is keyed on natural keys and written only when it differs, so `manage.py demo` can run
any number of times. Content is illustrative and marked „(Demodaten)“.
"""
