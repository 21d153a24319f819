import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Video } from "../api/types";
import { mockFetch, video } from "../test/fetchMock";
import { renderApp } from "../test/render";
import { VerticalFeed } from "./VerticalFeed";

describe("VerticalFeed", () => {
  it("moves to the next and previous video with the arrow keys", () => {
    mockFetch({});
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = vi.fn(function (this: Element) {
      scrolled.push(this.getAttribute("data-video-id") ?? "");
    });
    const items = [video(1), video(2), video(3)] as unknown as Video[];
    renderApp(<VerticalFeed items={items} source="feed" />);
    fireEvent.keyDown(window, { key: "ArrowDown" });
    expect(scrolled).toEqual(["2"]);
    fireEvent.keyDown(window, { key: "ArrowUp" });
    expect(scrolled).toEqual(["2", "1"]); // from the active (first) slide, up stays at the top
  });

  it("asks for more when the viewer nears the end", () => {
    mockFetch({});
    const onNearEnd = vi.fn();
    renderApp(<VerticalFeed items={[video(1), video(2)] as unknown as Video[]} source="feed" onNearEnd={onNearEnd} />);
    expect(onNearEnd).toHaveBeenCalled();
    expect(screen.getAllByTestId("slide")).toHaveLength(2);
  });
});
