/** Full-screen vertical paging: native scroll-snap gives swipe and wheel, arrow keys and
 * j/k move one video, and the list asks for more when the viewer nears the end. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { Video, WatchSource } from "../api/types";
import { VideoSlide } from "./VideoSlide";

interface Props {
  items: Video[];
  source: WatchSource;
  onNearEnd?: () => void;
  footer?: ReactNode;
}

const LOOKAHEAD = 3;

export function VerticalFeed({ items, source, onNearEnd, footer }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [muted, setMuted] = useState(true);

  const goTo = useCallback((index: number) => {
    const el = ref.current;
    if (!el) return;
    const slides = el.querySelectorAll<HTMLElement>("[data-testid=slide]");
    const target = slides[Math.max(0, Math.min(index, slides.length - 1))];
    target?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, []);

  // The active slide is whichever fills the viewport (snap makes that unambiguous).
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      const index = Math.round(el.scrollTop / Math.max(1, el.clientHeight));
      setActive((prev) => (prev === index ? prev : index));
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);

  useEffect(() => {
    if (items.length && active >= items.length - LOOKAHEAD) onNearEnd?.();
  }, [active, items.length, onNearEnd]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest("input, textarea, select, dialog[open]")) return;
      if (e.key === "ArrowDown" || e.key === "j" || e.key === "PageDown") {
        e.preventDefault();
        goTo(active + 1);
      } else if (e.key === "ArrowUp" || e.key === "k" || e.key === "PageUp") {
        e.preventDefault();
        goTo(active - 1);
      } else if (e.key === "m") setMuted((m) => !m);
      else if (e.key === " " && !target?.closest("button, a")) {
        // Space plays / pauses the video on screen, like a click on it.
        e.preventDefault();
        ref.current?.querySelector<HTMLVideoElement>('[aria-current="true"] video')?.click();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active, goTo]);

  return (
    <div className="vfeed" ref={ref} tabIndex={-1} aria-label="Videos. Arrow keys move between them, Space pauses, M mutes.">
      {items.map((video, i) => (
        <VideoSlide
          key={video.id}
          video={video}
          active={i === active}
          preload={i === active + 1}
          muted={muted}
          onMutedChange={setMuted}
          source={source}
        />
      ))}
      {footer && <div className="slide slide-footer">{footer}</div>}
    </div>
  );
}
