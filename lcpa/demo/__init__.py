"""The demo: people, teams, cohorts at work and registrations, made by `manage.py seed_demo`.

Nothing here runs in production unless asked for (`seed_demo --allow-production`). The
curriculum is not demo data: it is loaded from `lcpa/curriculum/content/` by `load_curriculum`.
"""
