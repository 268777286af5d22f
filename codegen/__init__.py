"""ctp-sdk's code generator: commercetools' OpenAPI spec -> ctp_sdk/_generated/ and spec/api.lock.

Pipeline (run by `nox -s generate` / `python -m codegen`; `nox -s update-spec` moves the pin first):

1. `spec_source` finds the pinned spec (CTP_SPEC_PATH, else spec/openapi.yaml) and verifies its sha256.
2. `preprocess` fixes what the upstream spec gets wrong or what openapi-python-client cannot express;
   every fix says why. `errata` applies spec/errata.yaml (documented API vs published spec).
3. `meta` reads facts the generator's data model drops (discriminator mappings, time-only formats,
   pattern-named query parameters) and hands them to the templates; `resources` and `builders` take
   resource metadata and builder names from the spec's annotations, else from spec/api.lock.
4. `generate` runs openapi-python-client (pinned exactly) with our config and template overrides, and
   checks the names lock (`surface`): a published name that would change blocks generation.
5. `postprocess` stamps headers, drops what we do not ship, and fails loudly if its patterns are gone.

Overlay entries that no longer apply are warnings, real problems blockers; both are collected in one
`diagnostics.Diagnostics` and reported together (`--strict` turns warnings into errors).
"""
