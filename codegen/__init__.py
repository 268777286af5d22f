"""ctp-sdk's code generator: commercetools' OpenAPI spec -> ctp_sdk/_generated/.

Pipeline (run by `nox -s generate` or `python -m codegen`):

1. `spec_source` finds the pinned spec (CTP_SPEC_PATH, else spec/openapi.yaml) and verifies its sha256.
2. `preprocess` fixes what the upstream spec gets wrong or what openapi-python-client cannot express;
   every fix says why.
3. `meta` reads facts the generator's data model drops (discriminator mappings, time-only formats,
   pattern-named query parameters, CRUD annotations) and hands them to the templates.
4. `generate` runs openapi-python-client (pinned exactly) with our config and template overrides.
5. `postprocess` stamps headers, drops what we do not ship, and fails loudly if its patterns are gone.
"""
