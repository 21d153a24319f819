/** Bottom navigation on phones, a side rail on wide screens. */
import { NavLink } from "react-router-dom";
import { useAuth } from "../hooks/useAuth";

export function NavBar() {
  const { user } = useAuth();
  const cls = ({ isActive }: { isActive: boolean }) => `nav-item ${isActive ? "is-active" : ""}`;
  return (
    <nav className="nav" aria-label="Main">
      <NavLink to="/" end className={cls}>
        <span aria-hidden="true">⌂</span>
        <span>Home</span>
      </NavLink>
      <NavLink to="/search" className={cls}>
        <span aria-hidden="true">⌕</span>
        <span>Search</span>
      </NavLink>
      <NavLink to="/upload" className={({ isActive }) => `nav-item nav-upload ${isActive ? "is-active" : ""}`}>
        <span aria-hidden="true">＋</span>
        <span>Upload</span>
      </NavLink>
      {user ? (
        <NavLink to={`/u/${user.username}`} className={cls}>
          <span aria-hidden="true">☺</span>
          <span>Profile</span>
        </NavLink>
      ) : (
        <NavLink to="/login" className={cls}>
          <span aria-hidden="true">→</span>
          <span>Sign in</span>
        </NavLink>
      )}
    </nav>
  );
}
