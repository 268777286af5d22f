"""The shopper roots offer exactly the operations the spec lets a shopper's token call.

The expected sets are derived here, from the spec file's own `security` scopes and ctp_auth's customer
permissions, independently of codegen/shopper.py; the generated classes are walked through the full
root's index (every operation's chain of builder calls). Allowed calls build the same requests as the full
root; mypy and pyright accept typing_shopper.py and reject each marked line of typing_shopper_wrong.py.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from ctp_auth import B2B_CUSTOMER_PERMISSIONS, CUSTOMER_PERMISSIONS
from shared_data import require_spec

from ctp_sdk import ApiRoot, B2BShopperApiRoot, ClientConfig, CtpClient, ShopperApiRoot
from ctp_sdk._builder import BuilderNode
from ctp_sdk._generated.builders._index import OPERATIONS
from ctp_sdk._request import ApiRequest

HERE = Path(__file__).parent
REPO = HERE.parent.parent
Chain = tuple[tuple[str, tuple[str, ...]], ...]


@cache
def spec_scopes() -> dict[str, tuple[str, set[str]]]:
    """operationId -> (path template, the permissions its declared OAuth scopes name), from the spec file."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec = yaml.load(require_spec().read_bytes(), Loader=loader)
    out: dict[str, tuple[str, set[str]]] = {}
    for path, item in spec["paths"].items():
        for verb in ("get", "post", "delete", "head", "put"):
            if verb in item:
                declared = [s for req in item[verb].get("security", []) for scopes in req.values() for s in scopes]
                # "manage_my_orders:{projectKey}:{storeKey}" names the permission manage_my_orders
                out[item[verb]["operationId"]] = (path, {s.strip().split(":")[0] for s in declared})
    return out


def expected(permissions: tuple[str, ...]) -> set[str]:
    return {op_id for op_id, (_, named) in spec_scopes().items() if named & set(permissions)}


def follow(root: BuilderNode, chain: Chain, verb: str) -> Any:
    """The verb method at the end of `chain` on `root`, or None where the root does not offer it."""
    node: Any = root
    for method, params in chain:
        if not hasattr(node, method):
            return None
        node = getattr(node, method)(*(f"{p}-1" for p in params))
    return getattr(node, verb, None)


def reachable(root: BuilderNode) -> set[str]:
    return {op_id for op_id, verb, chain in OPERATIONS if follow(root, chain, verb) is not None}


@pytest.fixture(scope="module")
def ctp() -> Any:
    config = ClientConfig(
        project_key="shop", client_id="id", client_secret="s" * 24, auth_url="https://a.test", api_url="https://b.test"
    )
    with CtpClient(config, transport=httpx.MockTransport(lambda r: httpx.Response(500))) as client:
        yield client


def test_the_shopper_root_offers_what_the_default_customer_scopes_allow(ctp: CtpClient) -> None:
    me = ctp.customer_api_root({})
    assert type(me) is ShopperApiRoot and ShopperApiRoot.PERMISSIONS == CUSTOMER_PERMISSIONS
    allowed = expected(CUSTOMER_PERMISSIONS)
    assert reachable(me) == allowed
    paths = {spec_scopes()[op][0].removeprefix("/{projectKey}") for op in allowed}
    for path in ("/me/active-cart", "/in-store/key={storeKey}/me/carts", "/product-projections/search", "/categories"):
        assert path in paths
    assert not any(p.startswith(("/customers", "/orders", "/as-associate", "/me/quotes")) for p in paths)


def test_the_b2b_root_adds_the_shoppers_business_units_quote_requests_and_quotes(ctp: CtpClient) -> None:
    b2b = ctp.customer_api_root({}, b2b=True)
    assert type(b2b) is B2BShopperApiRoot and B2BShopperApiRoot.PERMISSIONS == B2B_CUSTOMER_PERMISSIONS
    allowed = expected(B2B_CUSTOMER_PERMISSIONS)
    assert reachable(b2b) == allowed
    added = {spec_scopes()[op][0].removeprefix("/{projectKey}") for op in allowed - expected(CUSTOMER_PERMISSIONS)}
    for path in ("/me/business-units", "/me/quote-requests/{ID}", "/me/quotes/key={key}"):
        assert path in added
    assert "/in-business-unit/key={businessUnitKey}/me/customers" in added
    # The spec declares manage_orders / view_orders (and similar) for the as-associate endpoints, not a
    # customer scope: they are a backend's calls on an associate's behalf, so no shopper root offers them.
    assert not any(p.startswith("/as-associate") for p in added)


def test_a_root_cut_for_the_associate_scopes_would_offer_as_associate() -> None:
    """The as-associate family is absent because of its declared scopes, not because it is skipped."""
    wider = expected((*B2B_CUSTOMER_PERMISSIONS, "manage_orders", "view_orders"))
    assert any(spec_scopes()[op][0].startswith("/{projectKey}/as-associate") for op in wider)


def test_project_root_is_the_full_root_on_the_same_token(ctp: CtpClient) -> None:
    session: dict[str, Any] = {}
    me = ctp.customer_api_root(session)
    full = me.project_root()
    assert type(full) is ApiRoot
    assert full._executor is me._executor and full._params == me._params == ("shop",)
    assert reachable(full) == {op_id for op_id, _, _ in OPERATIONS}


def _call(verb_method: Any) -> ApiRequest[Any]:
    """Call a verb with a marker for every required parameter (the request is built, never sent)."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(verb_method).parameters.items():
        if param.default is not inspect.Parameter.empty:
            continue
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = f"marker-{name}"
        else:
            args.append(f"marker-{name}")
    request: ApiRequest[Any] = verb_method(*args, **kwargs)
    return request


@pytest.mark.parametrize("b2b", [False, True])
def test_allowed_calls_build_the_full_roots_requests(ctp: CtpClient, b2b: bool) -> None:
    me = ctp.customer_api_root({}, b2b=b2b)
    full = me.project_root()
    compared = 0
    for _, verb, chain in OPERATIONS:
        mine = follow(me, chain, verb)
        if mine is None:
            continue
        theirs = follow(full, chain, verb)
        assert inspect.signature(mine) == inspect.signature(theirs)
        a, b = _call(mine), _call(theirs)
        assert type(a) is type(b)
        assert (a._executor, a._endpoint, a._args, a._kwargs) == (b._executor, b._endpoint, b._args, b._kwargs)
        compared += 1
    assert compared == len(expected(B2B_CUSTOMER_PERMISSIONS if b2b else CUSTOMER_PERMISSIONS))


# --- type checkers --------------------------------------------------------------------------------


def _mypy(path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", *flags, "--no-error-summary", "--show-error-codes", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _pyright(pyright: Path, path: Path, tmp: Path, mode: str = "strict") -> tuple[int, list[dict[str, Any]]]:
    config = tmp / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "pythonVersion": "3.11",
                "typeCheckingMode": mode,
                "extraPaths": [str(REPO), str(REPO / "auth")],
            }
        )
    )
    # The file on the command line: pyright ignores absolute paths in "include" and then checks nothing.
    proc = subprocess.run(
        [str(pyright), "--pythonpath", sys.executable, "--project", str(config), "--outputjson", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(proc.stdout)
    assert report["summary"]["filesAnalyzed"] == 1, proc.stdout[-2000:]
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    return proc.returncode, errors


def _marked(path: Path, mark: str = "# rejected") -> set[int]:
    return {i for i, line in enumerate(path.read_text().splitlines(), 1) if mark in line}


def _mypy_error_lines(proc: subprocess.CompletedProcess[str]) -> set[int]:
    return {int(line.split(":")[1]) for line in proc.stdout.splitlines() if ": error:" in line}


def test_mypy_infers_the_full_roots_models_through_the_shopper_roots() -> None:
    proc = _mypy(HERE / "typing_shopper.py", "--strict")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pyright_infers_the_full_roots_models_through_the_shopper_roots(tmp_path: Path, pyright: Path) -> None:
    code, errors = _pyright(pyright, HERE / "typing_shopper.py", tmp_path)
    assert code == 0 and not errors, errors


def test_mypy_rejects_what_a_shopper_token_cannot_call() -> None:
    path = HERE / "typing_shopper_wrong.py"
    proc = _mypy(path, "--strict")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert _mypy_error_lines(proc) == _marked(path), proc.stdout
    assert '"ShopperApiRoot" has no attribute "customers"' in proc.stdout


def test_pyright_rejects_what_a_shopper_token_cannot_call(tmp_path: Path, pyright: Path) -> None:
    path = HERE / "typing_shopper_wrong.py"
    code, errors = _pyright(pyright, path, tmp_path)
    assert code == 1
    assert {e["range"]["start"]["line"] + 1 for e in errors} == _marked(path), errors
    assert any('Cannot access attribute "customers" for class "ShopperApiRoot"' in e["message"] for e in errors), errors


# --- the README's shopper section, as a user's script ----------------------------------------------

README = REPO / "README.md"
SECTION = "### Shoppers: the customer root"
PREAMBLE = "from ctp_sdk import CtpClient\n\nctp = CtpClient.from_env()\n"
WRONG = "me.customers()  # rejected\n"


def readme_shopper_script() -> str:
    """The python blocks of the README's shopper section, after the two lines that make `ctp`."""
    text = README.read_text()
    start = text.index(SECTION)
    end = text.find("\n### ", start + len(SECTION))
    blocks = re.findall(r"```python\n(.*?)```", text[start : end if end != -1 else None], flags=re.S)
    assert blocks, "the README's shopper section has no python example"
    return PREAMBLE + "\n".join(blocks)


def test_readme_shopper_example_type_checks_and_offers_me_but_not_customers(tmp_path: Path, pyright: Path) -> None:
    script = readme_shopper_script()
    assert "me.me()" in script
    good, bad = tmp_path / "good" / "shopper.py", tmp_path / "bad" / "shopper.py"
    for path, text in ((good, script), (bad, script + WRONG)):
        path.parent.mkdir()
        path.write_text(text)
    proc = _mypy(good)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    code, errors = _pyright(pyright, good, good.parent, mode="standard")
    assert code == 0 and not errors, errors

    proc = _mypy(bad)
    assert _mypy_error_lines(proc) == _marked(bad), proc.stdout
    code, errors = _pyright(pyright, bad, bad.parent, mode="standard")
    assert {e["range"]["start"]["line"] + 1 for e in errors} == _marked(bad), errors
