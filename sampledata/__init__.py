"""Data to look at and to measure with, never official figures: the demo plan (the real
2015-2017 plan with illustrative milestones, indicators and costs, ``demo`` and ``data/``,
loaded by ``load_demo``) and generated worlds of any size for load tests (``world``, loaded by
``generate_world``). Everything invented is flagged illustrative."""
