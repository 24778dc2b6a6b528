"""``triage serve`` (the service under uvicorn) and ``triage users add|list`` (API keys)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from referrals.settings import Settings


def serve_cli(args: argparse.Namespace) -> int:
    """Run the service, or with ``--check`` only load and verify the model and exit."""
    settings = _settings(args)
    if args.check:
        return check(settings)
    import uvicorn

    from serving.app import create_app
    from serving.logs import configure_logging

    configure_logging(settings.log_level)
    factory = _app_factory(args.app_factory) if args.app_factory else create_app
    app = factory(settings)
    pages = "review page /, annotation /annotate" if args.app_factory else "review page /"
    print(f"serving on http://{args.host}:{args.port} ({pages}, API /v1, docs /docs)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_config=None, access_log=False,
                timeout_graceful_shutdown=10)
    return 0


def _app_factory(spec: str) -> Callable[[Settings], Any]:
    """``module:function`` of the app to run; the CLI above the stages names one that adds
    annotation's pages to this service (serving itself never imports another stage)."""
    module, _, name = spec.partition(":")
    factory: Callable[[Settings], Any] = getattr(importlib.import_module(module), name)
    return factory


def check(settings: Settings) -> int:
    """Load and verify the model the service would serve; 0 when it loads, 1 when not."""
    from referrals.labels import load_scheme
    from serving.model_holder import ModelHolder, public_reason

    holder = ModelHolder(settings, load_scheme(settings.taxonomy))
    try:
        model = holder.load()
    except Exception as error:  # noqa: BLE001 - reported as one line
        print(f"no model to serve: {public_reason(error)}", file=sys.stderr)
        return 1
    print(f"would serve {model.name or model.uri} version {model.version} (alias {model.alias})")
    return 0


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {key: value for key, value in (("model_uri", args.model), ("bundle_path", args.bundle))
                 if value is not None}
    return Settings(**overrides)


def users_add_cli(args: argparse.Namespace) -> int:
    """Make a user and print the key once (it is stored only as a hash)."""
    from storage.database import open_database
    from storage.users import add_user, parse_role

    role = parse_role(args.role)
    database = open_database(Settings())
    with database.session() as session:
        user, key = add_user(session, args.name, role, replace=args.replace)
        name = user.name
    print(f"user {name} ({role.value}); key, shown once:\n{key}")
    return 0


def users_list_cli(args: argparse.Namespace) -> int:
    """List users: name, role, key prefix, active."""
    from storage.database import open_database
    from storage.users import list_users

    with open_database(Settings()).session() as session:
        for user in list_users(session):
            print(f"{user.name}\t{user.role.value}\t{user.key_prefix}…\t{'active' if user.active else 'revoked'}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``serve`` and ``users``."""
    serve = subparsers.add_parser(
        "serve", help="run the suggestion API and the review page",
        description="Serve @champion (else @candidate, with a warning) on loopback by default. "
                    "Settings come from TRIAGE_* variables (see README).")
    serve.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--model", default=None, help="model URI, e.g. models:/referral-triage@champion")
    serve.add_argument("--bundle", type=Path, default=None, help="serve a saved bundle directory")
    serve.add_argument("--check", action="store_true",
                       help="only load and verify the model; exit 0 if it would serve, 1 if not")
    serve.set_defaults(handler=serve_cli, app_factory=None)

    users = subparsers.add_parser("users", help="manage API keys and roles")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION")
    add = actions.add_parser("add", help="make a user and print its key once")
    add.add_argument("name")
    add.add_argument("--role", required=True, help="screener, annotator, adjudicator, evaluator or admin")
    add.add_argument("--replace", action="store_true", help="issue a new key to an existing user")
    add.set_defaults(handler=users_add_cli)
    listing = actions.add_parser("list", help="list users and roles (never keys)")
    listing.set_defaults(handler=users_list_cli)
