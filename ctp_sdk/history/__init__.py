"""The commercetools History API: the project's audit log. Models: `ctp_sdk.history.models`."""
