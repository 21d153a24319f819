import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { me, renderApp } from "../test/render";
import { FollowButton } from "./FollowButton";

const profile = (following: boolean) => ({ ...me, id: 1, username: "alice", is_following: following });

describe("FollowButton", () => {
  it("looks up the follow state for feed items and keeps every button in step", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => ({ json: me }),
      "GET /api/users/alice": () => ({ json: profile(false) }),
      "POST /api/users/alice/follow": () => ({ status: 201, json: profile(true) }),
    });
    renderApp(
      <>
        <FollowButton username="alice" compact />
        <FollowButton username="alice" compact />
      </>,
      { signedIn: true },
    );
    await waitFor(() => expect(net.calls.some((c) => c.path === "/api/users/alice")).toBe(true));
    const buttons = await screen.findAllByRole("button", { name: "Follow alice" });
    expect(buttons).toHaveLength(2);
    await userEvent.click(buttons[0]);
    await waitFor(() => expect(screen.getAllByRole("button", { name: "Unfollow alice" })).toHaveLength(2));
    expect(net.calls.filter((c) => c.path === "/api/users/alice")).toHaveLength(1); // looked up once
  });

  it("is hidden on your own videos", async () => {
    mockFetch({ "GET /api/auth/me": () => ({ json: me }) });
    renderApp(<FollowButton username="bob" following={false} />, { signedIn: true });
    await waitFor(() => expect(screen.queryByRole("button")).toBeNull());
  });
});
