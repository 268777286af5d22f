"""The commercetools Import API: bulk loads through import containers. Models: `ctp_sdk.importapi.models`."""
