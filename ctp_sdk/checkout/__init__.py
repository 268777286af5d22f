"""The commercetools Checkout API: payment applications and integrations. Models: `ctp_sdk.checkout.models`."""
