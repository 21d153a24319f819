"""Request dependencies: a database session and the caller's identity and role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from backend.app.core.security import decode_access_token
from opentok.api.errors import ApiError
from opentok.db.session import get_db
from opentok.models import User, UserRole, UserStatus

SessionDep = Annotated[Session, Depends(get_db)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def get_optional_user(request: Request, session: SessionDep) -> User | None:
    token = _bearer(request)
    if token is None:
        return None
    claims = decode_access_token(token)
    if claims is None:
        raise ApiError(401, "invalid_token", "access token is invalid or expired", headers=_challenge())
    user = session.get(User, int(claims["sub"]))
    if user is None:
        raise ApiError(401, "invalid_token", "account no longer exists", headers=_challenge())
    if user.status == UserStatus.banned:
        raise ApiError(403, "account_banned", user.status_reason or "this account is banned")
    return user


def _challenge() -> dict[str, str]:
    return {"WWW-Authenticate": "Bearer"}


def get_current_user(user: Annotated[User | None, Depends(get_optional_user)]) -> User:
    if user is None:
        raise ApiError(401, "not_authenticated", "sign in to do this", headers=_challenge())
    return user


def get_active_user(user: Annotated[User, Depends(get_current_user)]) -> User:
    """Posting needs an account in good standing: suspended users can read but not post."""
    if user.status != UserStatus.active:
        raise ApiError(403, "account_suspended", user.status_reason or "this account is suspended")
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]
CurrentUser = Annotated[User, Depends(get_current_user)]
ActiveUser = Annotated[User, Depends(get_active_user)]

_RANK = {UserRole.user: 0, UserRole.moderator: 1, UserRole.admin: 2}


def require_role(role: UserRole) -> Callable[[User], User]:
    """A dependency that admits `role` and above (admin ⊃ moderator ⊃ user)."""

    def check(user: CurrentUser) -> User:
        if _RANK[user.role] < _RANK[role]:
            raise ApiError(403, "forbidden", f"{role.value} role required")
        return user

    return check


ModeratorUser = Annotated[User, Depends(require_role(UserRole.moderator))]
AdminUser = Annotated[User, Depends(require_role(UserRole.admin))]
