"""The demo: people, teams, cohorts at work and registrations, made by `manage.py seed_demo`.

The demo is data (`content/*.yaml`, checked by `content.py`, with dates that move by whole weeks
to stay current); the modules here load it and write it through the apps' services at the real
time, then re-date the rows to the story's moments (`stamps.dated`). Nothing here runs in
production unless asked for (`seed_demo --allow-production`). The curriculum is not demo data:
it is loaded from `lcpa/curriculum/content/` by `load_curriculum` (seed_demo calls the same
loader first).
"""
