"""HTTP routes: the JSON API (``api``), health and metrics (``health``), the review page (``pages``)."""
