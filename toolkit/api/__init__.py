"""What every endpoint of the public API shares: base viewsets (``base``), links, rendering,
errors and throttling (``support``), pagination with kept keys (``pagination``), CSV
(``csv_renderer``), generated serializers (``fast_serializer``), rows instead of model instances
(``rows``, ``json_rows``)."""
