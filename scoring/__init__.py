"""Scoring predictions against labels: the metrics and plots training and evaluation share."""
