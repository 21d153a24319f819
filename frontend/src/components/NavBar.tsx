/** Bottom navigation on phones, a side rail on wide screens. */
import { Icon } from "./Icon";
import { NavLink } from "react-router-dom";
import { useAuth } from "../hooks/useAuth";

export function NavBar() {
  const { user } = useAuth();
  const cls = ({ isActive }: { isActive: boolean }) => `nav-item ${isActive ? "is-active" : ""}`;
  return (
    <nav className="nav" aria-label="Main">
      <NavLink to="/" end className={cls}>
        <Icon name="home" />
        <span>Home</span>
      </NavLink>
      <NavLink to="/search" className={cls}>
        <Icon name="search" />
        <span>Search</span>
      </NavLink>
      <NavLink to="/upload" className={({ isActive }) => `nav-item nav-upload ${isActive ? "is-active" : ""}`}>
        <span className="nav-plus"><Icon name="plus" /></span>
        <span>Upload</span>
      </NavLink>
      {user ? (
        <NavLink to={`/u/${user.username}`} className={cls}>
          <Icon name="user" />
          <span>Profile</span>
        </NavLink>
      ) : (
        <NavLink to="/login" className={cls}>
          <Icon name="signin" />
          <span>Sign in</span>
        </NavLink>
      )}
    </nav>
  );
}
