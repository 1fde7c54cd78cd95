"""`planwatch serve` and account commands (`user add | list | passwd | set | signout`, `token create | list | revoke`)."""

from __future__ import annotations

import os
import secrets
import socket
from typing import Annotated

import typer
from sqlalchemy.orm import Session, sessionmaker

from planwatch.cli.consoles import err, out
from planwatch.cli.options import current_user, database_url
from planwatch.domain.accounts import ROLE_LABELS, TOKEN_SCOPE_LABELS, TokenScope, UserRole
from planwatch.domain.errors import InputError
from planwatch.server import settings as server_settings
from planwatch.server.transport import NoDelayH11Protocol
from planwatch.services import accounts, connect_database, open_database
from planwatch.services.indicator_owners import assign_indicator_departments, show_indicator_departments
from planwatch.store.models import utcnow
from planwatch.store.views import UserOut

user_app = typer.Typer(
    help="账号管理：新建、列出、重设密码、修改角色、停用或启用、全部下线。", no_args_is_help=True
)
token_app = typer.Typer(help="API 令牌：生成、列出、吊销。", no_args_is_help=True)


def _check_port(host: str, port: int) -> None:
    """Fail with a sentence, before workers start, when the address is taken."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"无法在 {host}:{port} 上启动服务（{exc.strerror or exc}），该端口可能已被占用，请用 --port 换一个端口。"
            ) from exc


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="监听地址（对外服务用 0.0.0.0）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="工作进程数")] = 1,
    public_read: Annotated[bool, typer.Option("--public-read", help="允许未登录的访客只读浏览")] = False,
    allow_plain_http: Annotated[
        bool,
        typer.Option("--allow-plain-http", help="允许其他电脑经未加密的 HTTP 登录（仅限可信内网）"),
    ] = False,
    year: Annotated[int | None, typer.Option("--year", help="评估年度（默认：今年）")] = None,
) -> None:
    """启动网页和 JSON 接口服务（http://HOST:PORT）。"""
    import uvicorn  # imported here: other commands should not pay for the web stack

    url = database_url(ctx)
    connect_database(url).engine.dispose()  # a clear error now rather than one per worker
    _check_port(host, port)
    if url:
        os.environ[server_settings.ENV_DATABASE] = url
    if public_read:
        os.environ[server_settings.ENV_PUBLIC_READ] = "1"
    if allow_plain_http:
        os.environ[server_settings.ENV_ALLOW_PLAIN_HTTP] = "1"
    elif host not in ("127.0.0.1", "::1", "localhost") and not os.environ.get(
        server_settings.ENV_ALLOW_PLAIN_HTTP
    ):
        err.print(
            "提示：其他电脑须经 HTTPS 反向代理访问才能登录（代理地址请写入 PLANWATCH_TRUSTED_PROXIES）；"
            "在可信内网中直接用 HTTP 访问请加 --allow-plain-http。",
            highlight=False,
        )
    if year is not None:
        os.environ[server_settings.ENV_YEAR] = str(year)
    if not os.environ.get(server_settings.ENV_SECRET):
        # One key for all workers of this run; sessions end when the server restarts.
        os.environ[server_settings.ENV_SECRET] = secrets.token_urlsafe(32)
        err.print("提示：未设置 PLANWATCH_SECRET_KEY，重启服务后所有用户需要重新登录。", highlight=False)
    out.print(f"planwatch 已启动：http://{host}:{port}/（按 Ctrl+C 停止）", highlight=False)
    uvicorn.run(
        "planwatch.server.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,  # the app believes forwarding headers only from PLANWATCH_TRUSTED_PROXIES
        http=NoDelayH11Protocol,
    )


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[
        UserRole, typer.Option("--role", help="admin 管理员 / reporter 部门填报员 / viewer 只读")
    ] = (UserRole.VIEWER),
    department: Annotated[
        list[str] | None, typer.Option("--department", help="填报员所属责任单位（可重复）")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="显示的姓名或单位名")] = None,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="用户已存在时不报错，也不改动（供脚本重复运行）")
    ] = False,
) -> None:
    """新建账号并生成初始密码（只显示这一次）。"""
    with open_database(database_url(ctx)) as db:
        if if_missing and accounts.find_user(db.factory, username) is not None:
            out.print(f"账号 {username} 已存在，未作改动（初始密码不再显示）。", highlight=False)
            return
        created = accounts.add_user(
            db.factory, username, role, who=current_user(), display_name=name, departments=department or []
        )
    units = f"，责任单位：{'、'.join(created.user.departments)}" if created.user.departments else ""
    out.print(
        f"已创建{ROLE_LABELS[created.user.role]}账号 {created.user.username}{units}。"
        f"初始密码：{created.password}（只显示这一次，请妥善保存）",
        highlight=False,
    )


@user_app.command("list")
def user_list(ctx: typer.Context) -> None:
    """列出所有账号。"""
    with open_database(database_url(ctx)) as db:
        listed = accounts.users(db.factory)
    if not listed:
        out.print("还没有账号，请用 planwatch user add 新建。")
    for user in listed:
        units = "、".join(user.departments) or "—"
        state = "" if user.is_active else "（已停用）"
        out.print(f"{user.username}\t{ROLE_LABELS[user.role]}\t{units}{state}", highlight=False)


def _user(factory: sessionmaker[Session], username: str) -> UserOut:
    user = accounts.find_user(factory, username)
    if user is None:
        raise InputError(f"找不到用户 {username}，请用 planwatch user list 查看已有账号。")
    return user


@user_app.command("passwd")
def user_passwd(ctx: typer.Context, username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """为账号生成新密码（只显示这一次）；该账号的所有登录会话结束，API 令牌全部吊销。"""
    with open_database(database_url(ctx)) as db:
        user = _user(db.factory, username)
        password = accounts.generate_password()
        cut = accounts.change_password(db.factory, user.id, password, who=current_user())
    out.print(f"{username} 的新密码：{password}（只显示这一次）", highlight=False)
    out.print(f"已结束 {cut.sessions} 个登录会话，吊销 {cut.tokens} 个 API 令牌。", highlight=False)


@user_app.command("set")
def user_set(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[UserRole | None, typer.Option("--role", help="新角色：admin / reporter / viewer")] = None,
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help="启用或停用账号（停用即结束其会话并吊销令牌）")
    ] = None,
    department: Annotated[
        list[str] | None, typer.Option("--department", help="新的所属责任单位（可重复；替换原有设置）")
    ] = None,
) -> None:
    """修改账号的角色、启用状态或所属责任单位（记入审计日志）。"""
    if role is None and active is None and department is None:
        raise InputError("请至少给出 --role、--active/--inactive 或 --department 中的一项。")
    with open_database(database_url(ctx)) as db:
        user = _user(db.factory, username)
        changed = accounts.change_user(
            db.factory, user.id, who=current_user(), role=role, is_active=active, departments=department
        )
    state = "启用" if changed.is_active else "已停用"
    units = "、".join(changed.departments) or "—"
    out.print(
        f"{changed.username}：{ROLE_LABELS[changed.role]}，{state}，责任单位：{units}。", highlight=False
    )


@user_app.command("signout")
def user_signout(ctx: typer.Context, username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """让账号在所有设备上下线：结束全部登录会话并吊销全部 API 令牌。"""
    with open_database(database_url(ctx)) as db:
        user = _user(db.factory, username)
        cut = accounts.end_sessions_of(db.factory, user.id, who=current_user())
    out.print(
        f"{username}：已结束 {cut.sessions} 个登录会话，吊销 {cut.tokens} 个 API 令牌。", highlight=False
    )


@user_app.command("unlock")
def user_unlock(ctx: typer.Context, username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """解除账号因多次输错密码而产生的登录锁定。"""
    with open_database(database_url(ctx)) as db:
        count = accounts.unlock(db.factory, _user(db.factory, username).id, who=current_user())
    out.print(f"{username}：已解除 {count} 处登录锁定。", highlight=False)


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="令牌所属用户")],
    name: Annotated[str, typer.Option("--name", help="用途说明")] = "脚本",
    scope: Annotated[TokenScope, typer.Option("--scope", help="read 只读 / write 读写")] = TokenScope.WRITE,
    days: Annotated[
        int, typer.Option("--days", help=f"有效期（天，1–{accounts.MAX_TOKEN_DAYS}）")
    ] = accounts.DEFAULT_TOKEN_DAYS,
) -> None:
    """为用户生成 API 令牌（只显示这一次）。"""
    with open_database(database_url(ctx)) as db:
        user = _user(db.factory, username)
        created = accounts.create_token(db.factory, user.id, name, who=current_user(), scope=scope, days=days)
    out.print(created.secret, highlight=False)


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    username: Annotated[str | None, typer.Argument(help="只列出该用户的令牌（默认：全部）")] = None,
    everything: Annotated[bool, typer.Option("--all", help="也列出已吊销和已过期的令牌")] = False,
) -> None:
    """列出 API 令牌（编号、所属用户、用途、权限、到期时间）。"""
    now = utcnow()
    with open_database(database_url(ctx)) as db:
        owner = _user(db.factory, username).id if username else None
        listed = accounts.tokens(db.factory, owner)
    shown = [t for t in listed if everything or (not t.revoked and t.expires_at > now)]
    if not shown:
        out.print("没有有效的 API 令牌。")
    for t in shown:
        state = "已吊销" if t.revoked else ("已过期" if t.expires_at <= now else "有效")
        used = t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "从未使用"
        out.print(
            f"{t.id}\t{t.username}\t{t.name}\t{t.prefix}…\t{TOKEN_SCOPE_LABELS[t.scope]}"
            f"\t到期 {t.expires_at:%Y-%m-%d}\t{used}\t{state}",
            highlight=False,
        )


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context,
    token_id: Annotated[int | None, typer.Argument(help="令牌编号（见 planwatch token list）")] = None,
    user: Annotated[str | None, typer.Option("--user", help="吊销该用户的全部令牌")] = None,
) -> None:
    """吊销一个令牌，或用 --user 吊销某用户的全部令牌。"""
    if (token_id is None) == (user is None):
        raise InputError("请给出一个令牌编号，或用 --user 指定要吊销全部令牌的用户（二者选一）。")
    with open_database(database_url(ctx)) as db:
        if user is not None:
            count = accounts.revoke_tokens_of(db.factory, _user(db.factory, user).id, who=current_user())
            out.print(f"已吊销 {user} 的 {count} 个 API 令牌。", highlight=False)
            return
        assert token_id is not None
        accounts.revoke_token(db.factory, token_id, who=current_user())
    out.print(f"令牌 {token_id} 已吊销。", highlight=False)


indicator_app = typer.Typer(
    help="指标：责任单位（其填报员可提交该指标的数值）、手工录入指标表。", no_args_is_help=True
)


@indicator_app.command("owners")
def indicator_owners(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="指标名称，如 高新技术企业数量")],
    department: Annotated[
        list[str] | None, typer.Option("--department", help="责任单位（可重复）；不填则只显示现有设置")
    ] = None,
    plan: Annotated[int | None, typer.Option("--plan", help="规划编号（默认：规划期最新的规划）")] = None,
) -> None:
    """查看或设置指标的责任单位。"""
    with open_database(database_url(ctx)) as db:
        if department:
            title, names = assign_indicator_departments(
                db.factory, name, department, who=current_user(), plan_id=plan
            )
        else:
            title, names = show_indicator_departments(db.factory, name, plan_id=plan)
    out.print(f"《{title}》指标“{name}”的责任单位：{'、'.join(names) or '未设置'}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    app.add_typer(indicator_app, name="indicator")
