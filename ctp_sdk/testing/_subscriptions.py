"""Subscriptions (https://docs.commercetools.com/api/projects/subscriptions): stored, validated and
reported healthy; nothing is ever delivered (the fake reaches no queue or topic).

What the API checks before it stores one is checked here: at least one of `messages`, `changes` or
`events`; each destination's required fields and their documented shapes (an SQS queue URL, an SNS
topic ARN, a 12-digit AWS account, an Azure Service Bus connection string with `EntityPath`, an https
Event Grid URI, ...); AWS `Credentials` authentication with an access key and secret and `IAM`
without; a CloudEvents format with `cloudEventsVersion` 1.0. A destination the API would have to
contact to refuse (a queue that does not exist, missing permissions) is accepted: the fake cannot
tell. The EventBridge `source` is the one the API generates. `status` is `Healthy` and
`GET /subscriptions/{ID}/health` answers 200 (the API answers it without a token; the fake still
asks for one, like every other call).
"""

from __future__ import annotations

import re
from typing import Any

from . import _actions, _family_routes, _spec
from ._context import Ctx
from ._errors import invalid_input
from ._resources import Resource, build, load, on_create, view
from ._routes import route

FAMILY = _spec.Family(
    segment="subscriptions",
    type_id="subscription",
    model="Subscription",
    draft="SubscriptionDraft",
    update="SubscriptionUpdate",
    has_key=True,
)

_SQS_URL = re.compile(r"https://sqs\.[a-z0-9-]+\.amazonaws\.com/\d{12}/[\w-]+(\.fifo)?")
_SNS_ARN = re.compile(r"arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?")
_AWS_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")
_ACCOUNT = re.compile(r"\d{12}")


def _aws_credentials(destination: dict[str, Any]) -> None:
    mode = destination.get("authenticationMode") or "Credentials"
    has_keys = bool(destination.get("accessKey")) and bool(destination.get("accessSecret"))
    if mode == "Credentials" and not has_keys:
        raise invalid_input(
            "destination: 'accessKey' and 'accessSecret' are required with authenticationMode Credentials."
        )
    if mode == "IAM" and (destination.get("accessKey") or destination.get("accessSecret")):
        raise invalid_input("destination: 'accessKey' and 'accessSecret' must not be set with authenticationMode IAM.")
    destination["authenticationMode"] = mode


def _check(pattern: re.Pattern[str], value: Any, what: str) -> None:
    if not isinstance(value, str) or pattern.fullmatch(value) is None:
        raise invalid_input(f"destination: '{value}' is not a valid {what}.")


def check_destination(ctx: Ctx, subscription: Resource) -> None:
    destination = subscription["destination"]
    kind = destination.get("type")
    if kind == "SQS":
        _check(_SQS_URL, destination.get("queueUrl"), "SQS queue URL")
        _check(_AWS_REGION, destination.get("region"), "AWS region")
        _aws_credentials(destination)
    elif kind == "SNS":
        _check(_SNS_ARN, destination.get("topicArn"), "SNS topic ARN")
        _aws_credentials(destination)
    elif kind == "EventBridge":
        _check(_AWS_REGION, destination.get("region"), "AWS region")
        _check(_ACCOUNT, destination.get("accountId"), "AWS account id (12 digits)")
        ident = subscription.get("key") or subscription["id"]
        destination["source"] = f"aws.partner/commercetools.com/{ctx.project_key}/{ident}"
    elif kind == "AzureServiceBus":
        text = destination.get("connectionString") or ""
        if not (text.startswith("Endpoint=sb://") and "EntityPath=" in text):
            raise invalid_input("destination: the connectionString needs 'Endpoint=sb://' and an 'EntityPath'.")
    elif kind == "EventGrid":
        if not str(destination.get("uri") or "").startswith("https://") or not destination.get("accessKey"):
            raise invalid_input("destination: an Event Grid destination needs an https 'uri' and an 'accessKey'.")
    elif kind == "GoogleCloudPubSub":
        if not destination.get("projectId") or not destination.get("topic"):
            raise invalid_input("destination: 'projectId' and 'topic' are required.")
    elif kind == "ConfluentCloud":
        missing = [k for k in ("bootstrapServer", "apiKey", "apiSecret", "acks", "topic") if not destination.get(k)]
        if missing:
            raise invalid_input(f"destination: {', '.join(missing)} required.")
    elif kind == "IronMQ":
        if not str(destination.get("uri") or "").startswith("https://"):
            raise invalid_input("destination: an IronMQ destination needs an https 'uri'.")
    else:
        raise invalid_input(f"destination -> type: unknown destination type '{kind}'.")


def _check_subscription(ctx: Ctx, subscription: Resource) -> None:
    if not (subscription.get("messages") or subscription.get("changes") or subscription.get("events")):
        raise invalid_input("A Subscription needs at least one of 'messages', 'changes' or 'events'.")
    fmt = subscription.get("format") or {"type": "Platform"}
    if fmt.get("type") == "CloudEvents" and fmt.get("cloudEventsVersion") != "1.0":
        raise invalid_input("format -> cloudEventsVersion: only '1.0' is supported.")
    subscription["format"] = fmt
    check_destination(ctx, subscription)


@on_create("subscription")
def _create_hook(ctx: Ctx, draft: dict[str, Any], subscription: Resource) -> None:
    for name in ("messages", "changes", "events"):
        subscription.setdefault(name, [])
    subscription["status"] = "Healthy"
    _check_subscription(ctx, subscription)


@_actions.after_actions("subscription")
def _after_update(ctx: Ctx, subscription: Resource) -> None:
    _check_subscription(ctx, subscription)


@route("ByProjectKeySubscriptionsPost")
def _create(ctx: Ctx) -> tuple[int, Any]:
    subscription = build(ctx, FAMILY, ctx.body_dict())
    ctx.store.put(FAMILY.type_id, subscription)
    return 201, view(ctx, subscription)


@route("ByProjectKeySubscriptionsByIDHealthGet")
def _health(ctx: Ctx) -> tuple[int, Any]:
    load(ctx, FAMILY)
    return 200, None  # Healthy: the status code is the answer


_family_routes.register(FAMILY, "ByProjectKeySubscriptions")
