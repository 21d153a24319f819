import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { me, renderApp } from "../test/render";
import { CommentItem } from "./CommentItem";
import { CommentsDrawer } from "./CommentsDrawer";
import { LikeButton } from "./LikeButton";
import { ProcessingStatus } from "./ProcessingStatus";
import { ReportDialog } from "./ReportDialog";

const author = { id: 2, username: "bob", display_name: "Bob", verified: false };
const comment = (status: string, reason: string | null = null) => ({
  id: 1,
  video_id: 3,
  author,
  text: "hello there",
  status,
  reason,
  created_at: new Date().toISOString(),
});

describe("CommentItem", () => {
  it("shows the author's pending comment as in review", () => {
    renderApp(<CommentItem comment={comment("pending")} />);
    expect(screen.getByText("In review")).toBeInTheDocument();
  });
  it("shows the author why a comment was rejected", () => {
    renderApp(<CommentItem comment={comment("rejected", "harassment")} />);
    expect(screen.getByText("Not published")).toBeInTheDocument();
    expect(screen.getByText("Reason: harassment")).toBeInTheDocument();
  });
});

describe("CommentItem reporting", () => {
  it("lets a signed-in viewer report someone else's comment", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => ({ json: { ...me, id: 9, username: "carol" } }),
      "POST /api/reports": () => ({ status: 201, json: { id: 1 } }),
    });
    renderApp(<CommentItem comment={comment("approved")} />, { signedIn: true });
    await userEvent.click(await screen.findByRole("button", { name: "Report" }));
    await userEvent.click(screen.getByLabelText("Harassment or bullying"));
    await userEvent.click(screen.getByRole("button", { name: "Submit report" }));
    await screen.findByText(/moderators will review it/);
    expect(net.calls.at(-1)?.body).toMatchObject({ subject_type: "comment", subject_id: 1, reason: "harassment" });
  });
});

describe("CommentsDrawer", () => {
  it("posts a comment that appears at once, in review", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => ({ json: me }),
      "GET /api/videos/3/comments": () => ({ json: { items: [], next_cursor: null } }),
      "POST /api/videos/3/comments": ({ body }) => ({ status: 201, json: { ...comment("pending"), text: (body as { text: string }).text } }),
    });
    renderApp(<CommentsDrawer videoId={3} open onClose={() => {}} />, { signedIn: true });
    await screen.findByText("No comments yet");
    await userEvent.type(await screen.findByLabelText("Add a comment"), "nice one");
    await userEvent.click(screen.getByRole("button", { name: "Post" }));
    expect(await screen.findByText("nice one")).toBeInTheDocument();
    expect(screen.getByText("In review")).toBeInTheDocument();
    expect(net.calls.find((c) => c.method === "POST")?.body).toEqual({ text: "nice one" });
  });

  it("shows an error with a retry when comments fail to load", async () => {
    let fail = true;
    mockFetch({
      "GET /api/videos/3/comments": () =>
        fail ? { status: 500, json: { error: { code: "boom", message: "comments are unavailable" } } } : { json: { items: [comment("approved")] } },
    });
    renderApp(<CommentsDrawer videoId={3} open onClose={() => {}} />);
    expect(await screen.findByText("comments are unavailable")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("hello there")).toBeInTheDocument();
    expect(screen.getByText("Sign in")).toBeInTheDocument(); // strangers are invited to sign in to comment
  });
});

describe("ReportDialog", () => {
  it("asks for a reason, then sends the report", async () => {
    const net = mockFetch({ "POST /api/reports": () => ({ status: 201, json: { id: 1 } }) });
    renderApp(<ReportDialog subjectType="video" subjectId={3} open onClose={() => {}} />);
    await userEvent.click(screen.getByRole("button", { name: "Submit report" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Pick a reason");
    await userEvent.click(screen.getByLabelText("Spam or scam"));
    await userEvent.click(screen.getByRole("button", { name: "Submit report" }));
    expect(await screen.findByText(/moderators will review it/)).toBeInTheDocument();
    expect(net.calls[0].body).toEqual({ subject_type: "video", subject_id: 3, reason: "spam", details: "" });
  });
});

describe("LikeButton", () => {
  it("sends a stranger to sign in, and back afterwards", async () => {
    renderApp(<LikeButton videoId={3} liked={false} count={2} />, { path: "/v/3" });
    await userEvent.click(screen.getByRole("button", { name: "Like" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/login?next=%2Fv%2F3");
  });
  it("likes optimistically when signed in", async () => {
    const net = mockFetch({
      "GET /api/auth/me": () => ({ json: me }),
      "POST /api/videos/3/like": () => ({ json: { liked: true, like_count: 3 } }),
    });
    renderApp(<LikeButton videoId={3} liked={false} count={2} />, { signedIn: true });
    await waitFor(() => expect(net.calls.map((c) => c.path)).toEqual(["/api/auth/me"]));
    await new Promise((r) => setTimeout(r, 0)); // let the account land in the context
    await userEvent.click(screen.getByRole("button", { name: "Like" }));
    expect(screen.getByRole("button", { name: "Unlike" })).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(screen.getByTestId("like-count")).toHaveTextContent("3"));
    expect(net.calls.at(-1)).toMatchObject({ method: "POST", path: "/api/videos/3/like", auth: "Bearer a1" });
  });
});

describe("ProcessingStatus", () => {
  it("walks the steps and marks the current one", () => {
    render(<ProcessingStatus video={{ status: "pending_review", status_reason: null }} />);
    expect(screen.getByText("In review")).toHaveAttribute("aria-current", "step");
  });
  it("shows the reason when rejected or failed", () => {
    render(<ProcessingStatus video={{ status: "failed", status_reason: "not a video file" }} />);
    expect(screen.getByRole("status")).toHaveTextContent("Failed: not a video file");
  });
  it("marks every step done once published", () => {
    const { container } = render(<ProcessingStatus video={{ status: "published", status_reason: null }} />);
    expect(container.querySelectorAll(".step-done")).toHaveLength(4);
  });
});

