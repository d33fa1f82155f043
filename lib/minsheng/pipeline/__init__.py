"""Pipeline: running the steps for one or many reports.

``pipeline.yaml`` names each step once (its notebook, its function, its
parameters and products); ``steps`` holds the only implementation of every
step, called by its notebook and by in-process batch runs alike; ``runner``
executes them with papermill or in-process, validates every product against
its schema after each step and moves a report's outputs into place whole;
``baseline`` is the regression check against the committed dataset.
"""
