import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockFetch, video } from "../test/fetchMock";
import { me, renderApp } from "../test/render";
import { FeedPage } from "./FeedPage";
import { ProfilePage } from "./ProfilePage";
import { SearchPage } from "./SearchPages";
import { checkFile, UploadPage } from "./UploadPage";

describe("FeedPage", () => {
  it("explains an empty feed instead of showing a blank screen", async () => {
    mockFetch({ "GET /api/feed": () => ({ json: { items: [], next_cursor: null } }) });
    renderApp(<FeedPage />);
    expect(await screen.findByRole("heading", { name: "No videos yet" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Upload a video" })).toBeInTheDocument();
  });

  it("asks a stranger to sign in for the Following feed", async () => {
    mockFetch({});
    renderApp(<FeedPage />, { path: "/?feed=following" });
    expect(await screen.findByRole("heading", { name: "See videos from people you follow" })).toBeInTheDocument();
  });

  it("renders full-screen slides with autoplaying muted players", async () => {
    mockFetch({ "GET /api/feed": () => ({ json: { items: [video(1), video(2)], next_cursor: null } }) });
    renderApp(<FeedPage />);
    const slides = await screen.findAllByTestId("slide");
    expect(slides).toHaveLength(2);
    expect(slides[0]).toHaveAttribute("aria-current", "true");
    const player = screen.getByLabelText("Video: Video 1") as HTMLVideoElement;
    expect(player.muted).toBe(true);
    expect(player.getAttribute("src")).toBe("/media/1.mp4");
    // The next video preloads; the one after does not.
    expect(screen.getByLabelText("Video: Video 2")).toHaveAttribute("preload", "auto");
    await userEvent.click(screen.getAllByRole("button", { name: "Unmute" })[0]);
    expect(player.muted).toBe(false);
  });
});

describe("ProfilePage", () => {
  it("shows the owner the status of videos still in the pipeline", async () => {
    mockFetch({
      "GET /api/auth/me": () => ({ json: me }),
      "GET /api/users/bob": () => ({ json: { ...me, bio: "I film cats", video_count: 2 } }),
      "GET /api/users/bob/videos": () => ({
        json: { items: [video(1, { status: "processing" }), video(2, { status: "rejected", poster_url: "/media/p.jpg" })] },
      }),
    });
    renderApp(<ProfilePage />, { path: "/u/bob", route: "/u/:username", signedIn: true });
    expect(await screen.findByText("I film cats")).toBeInTheDocument();
    expect(await screen.findByText("Processing")).toBeInTheDocument();
    expect(screen.getByText("Rejected")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Edit profile" })).toBeInTheDocument();
  });
});

describe("SearchPage", () => {
  it("lists hashtags, people and videos for a query", async () => {
    mockFetch({
      "GET /api/search": ({ url }) => {
        expect(url.searchParams.get("q")).toBe("#fun");
        return {
          json: {
            hashtags: [{ tag: "fun", video_count: 4 }],
            users: [{ id: 1, username: "alice", display_name: "Alice", verified: false }],
            videos: [video(1)],
          },
        };
      },
    });
    renderApp(<SearchPage />, { path: "/search?q=%23fun" });
    expect(await screen.findByRole("link", { name: /#fun/ })).toHaveAttribute("href", "/tag/fun");
    expect(screen.getByRole("link", { name: /@alice/ })).toHaveAttribute("href", "/u/alice");
    expect(screen.getByTestId("tile")).toHaveAttribute("data-video-id", "1");
  });
});

describe("UploadPage", () => {
  it("refuses files that are obviously not videos before uploading", () => {
    expect(checkFile(new File(["x"], "notes.txt", { type: "text/plain" }))).toBe("notes.txt is not a video file");
    expect(checkFile(new File([], "empty.mp4", { type: "video/mp4" }))).toBe("empty.mp4 is empty");
    expect(checkFile(new File(["data"], "clip.mp4", { type: "video/mp4" }))).toBeNull();
  });

  it("sends a stranger to sign in first", async () => {
    mockFetch({});
    renderApp(<UploadPage />, { path: "/upload" });
    expect(await screen.findByTestId("location")).toHaveTextContent("/login?next=%2Fupload");
  });
});
