"""Reporting: what people read. Plots in one house style, prose about the
analyses' results, the annotated source text, the data package descriptor and
the self-contained HTML report. It reads analysis results; it computes none.
"""
