"""The ``yanit`` command: serve, worker, migrate, createadmin, demo, check."""

from __future__ import annotations

import argparse
import os
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yanit.settings")
    import django

    django.setup()


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    _setup()
    from django.conf import settings
    from django.core.management import call_command

    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    worker = None
    if not args.no_worker:
        from yanit.core.worker import start_background_services, start_embedded_worker

        worker, _thread = start_embedded_worker()
        start_background_services()
    print(f"yanit serving on http://{args.host}:{args.port}  (data: {settings.DATA_DIR})", flush=True)
    try:
        uvicorn.run(
            "yanit.asgi:application",
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            access_log=False,
            lifespan="off",
            ws_max_size=1_048_576,
            timeout_graceful_shutdown=5,
        )
    finally:
        if worker is not None:
            worker.running = False
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup()
    from yanit.core.worker import make_worker, run_periodic_once, start_background_services, start_periodic

    worker = make_worker(interval=args.interval, batch=args.batch)
    if not args.batch:
        start_background_services()
    worker.configure_signals()
    if args.batch:
        run_periodic_once()
    else:
        start_periodic()
    worker.run()
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_createadmin(args: argparse.Namespace) -> int:
    _setup()
    from yanit.accounts.services.workspaces import do_create_admin
    from yanit.core.errors import DomainError

    try:
        agent = do_create_admin(args.email, args.password, args.workspace, name=args.name or "")
    except DomainError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    print(f"{agent.user.email} is owner of workspace {agent.workspace.name!r} (/{agent.workspace.slug})")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _setup()
    from yanit.demo import load_demo

    created = load_demo(force=args.force)
    from yanit.demo import DEMO_EMAIL, DEMO_PASSWORD

    if created:
        print(f"Demo workspace loaded. Log in as {DEMO_EMAIL} / {DEMO_PASSWORD}")
    else:
        print(f"Demo workspace already present. Log in as {DEMO_EMAIL} / {DEMO_PASSWORD}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("check")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    print(f"database ok ({connection.vendor})")
    from django.conf import settings

    if settings.REDIS_URL:
        import redis

        redis.Redis.from_url(settings.REDIS_URL).ping()
        print("redis ok")
    call_command("migrate", check=True, plan=False, verbosity=0)
    print("migrations up to date")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yanit manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yanit", description="yanit customer-service platform")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="HTTP + websockets + a task worker in one process")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-worker", action="store_true", help="don't run the embedded task worker")
    serve.add_argument("--no-migrate", action="store_true", help="don't apply migrations at start")
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="task worker (production: run several)")
    worker.add_argument("--interval", type=float, default=0.5)
    worker.add_argument("--batch", action="store_true", help="run what is due, then exit")
    worker.set_defaults(func=cmd_worker)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)

    admin = sub.add_parser("createadmin", help="create (or reset) a workspace owner")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", required=True)
    admin.add_argument("--workspace", required=True, help="workspace name (created if missing)")
    admin.add_argument("--name", default="")
    admin.set_defaults(func=cmd_createadmin)

    demo = sub.add_parser("demo", help="load the demo workspace")
    demo.add_argument("--force", action="store_true")
    demo.set_defaults(func=cmd_demo)

    sub.add_parser("check", help="check configuration, database and migrations").set_defaults(func=cmd_check)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
