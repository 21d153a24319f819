import { Link } from "react-router-dom";
import type { UserBrief } from "../api/types";

/** A round avatar (image or initial) that links to the profile. */
export function Avatar({ user, size = 44, link = true }: { user: UserBrief; size?: number; link?: boolean }) {
  const name = user.display_name || user.username;
  const face = user.avatar_url ? (
    <img className="avatar" src={user.avatar_url} alt="" width={size} height={size} />
  ) : (
    <span className="avatar avatar-initial" style={{ width: size, height: size, fontSize: size * 0.45 }} aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
  if (!link) return face;
  return (
    <Link to={`/u/${user.username}`} className="avatar-link" aria-label={`${name}'s profile`}>
      {face}
    </Link>
  );
}
