"""Register, log in, rotate refresh tokens, log out, and who am I."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi import APIRouter, Request
from sqlalchemy import select, update

from backend.app.api.deps import CurrentUser, SessionDep
from backend.app.core import ratelimit
from backend.app.core.security import (
    create_access_token,
    hash_password,
    hash_token,
    new_refresh_token,
    verify_password,
)
from backend.app.crud import users as crud
from backend.app.schemas.auth import LoginIn, RefreshIn, RegisterIn, TokenPair
from backend.app.schemas.common import Message
from backend.app.schemas.users import UserMe
from opentok.api.errors import ApiError
from opentok.core.config import get_settings
from opentok.db.base import utcnow
from opentok.models import RefreshToken, User, UserStatus

router = APIRouter(prefix="/auth", tags=["auth"])
# Verified against when the account does not exist, so an unknown username costs the same
# argon2 work as a wrong password and response time does not reveal which usernames exist.
_DUMMY_HASH = hash_password("opentok-no-such-account")


def issue_tokens(
    session, user: User, family_id: str | None = None, user_agent: str | None = None
) -> TokenPair:  # type: ignore[no-untyped-def]
    settings = get_settings()
    refresh = new_refresh_token()
    session.add(
        RefreshToken(
            user_id=user.id,
            token_hash=hash_token(refresh),
            family_id=family_id or str(uuid.uuid4()),
            expires_at=utcnow() + timedelta(days=settings.refresh_token_days),
            user_agent=user_agent,
        )
    )
    session.flush()
    return TokenPair(
        access_token=create_access_token(user.id, user.role.value),
        refresh_token=refresh,
        expires_in=settings.access_token_minutes * 60,
    )


@router.post("/register", status_code=201)
def register(body: RegisterIn, session: SessionDep, request: Request) -> TokenPair:
    settings = get_settings()
    ratelimit.enforce(
        "register", ratelimit.client_ip(request), settings.rate_limit_register,
        "too many sign-ups from this address, try again later",
    )  # fmt: skip
    if crud.get_by_username(session, body.username):
        raise ApiError(409, "username_taken", "that username is taken", field="username")
    if session.scalar(select(User.id).where(User.email == body.email.lower())):
        raise ApiError(409, "email_taken", "an account with that email exists", field="email")
    user = crud.create_user(session, body.username, body.email, body.password, body.display_name)
    tokens = issue_tokens(session, user, user_agent=request.headers.get("user-agent"))
    session.commit()
    return tokens


@router.post("/login")
def login(body: LoginIn, session: SessionDep, request: Request) -> TokenPair:
    settings = get_settings()
    message = "too many login attempts, try again shortly"
    # Per account from anywhere (a rotated address does not help) and per client over all accounts.
    ratelimit.enforce("login-client", ratelimit.client_ip(request), settings.rate_limit_login_client, message)
    user = crud.get_by_login(session, body.username)
    account = f"id{user.id}" if user is not None else body.username.strip().lower()
    ratelimit.enforce("login-account", account, settings.rate_limit_login_account, message)
    if user is None:
        verify_password(body.password, _DUMMY_HASH)
        raise ApiError(401, "invalid_credentials", "wrong username or password")
    if not verify_password(body.password, user.password_hash):
        raise ApiError(401, "invalid_credentials", "wrong username or password")
    if user.status == UserStatus.banned:
        raise ApiError(403, "account_banned", user.status_reason or "this account is banned")
    user.last_active_at = utcnow()
    tokens = issue_tokens(session, user, user_agent=request.headers.get("user-agent"))
    session.commit()
    return tokens


@router.post("/refresh")
def refresh(body: RefreshIn, session: SessionDep, request: Request) -> TokenPair:
    """Rotate: the presented token is spent. Presenting a spent token again means it was
    stolen or replayed, so the whole family is revoked."""
    row = session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_token(body.refresh_token))
    )
    if row is None:
        raise ApiError(401, "invalid_refresh_token", "refresh token is not valid")
    if row.revoked_at is not None:
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == row.family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        session.commit()
        raise ApiError(401, "refresh_token_reused", "refresh token was already used; sign in again")
    if row.expires_at < utcnow():
        raise ApiError(401, "refresh_token_expired", "refresh token expired; sign in again")
    user = session.get(User, row.user_id)
    if user is None or user.status == UserStatus.banned:
        raise ApiError(401, "invalid_refresh_token", "refresh token is not valid")
    tokens = issue_tokens(session, user, row.family_id, request.headers.get("user-agent"))
    row.revoked_at = utcnow()
    row.replaced_by_id = session.scalar(
        select(RefreshToken.id).where(RefreshToken.token_hash == hash_token(tokens.refresh_token))
    )
    session.commit()
    return tokens


@router.post("/logout")
def logout(body: RefreshIn, session: SessionDep) -> Message:
    row = session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_token(body.refresh_token))
    )
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.commit()
    return Message(message="signed out")


@router.get("/me")
def read_me(user: CurrentUser, session: SessionDep) -> UserMe:
    return crud.me(session, user)
