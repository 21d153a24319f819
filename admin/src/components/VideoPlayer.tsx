// HLS playback with hls.js where the browser lacks native HLS; MP4 as the fallback.
import Hls from 'hls.js'
import { useEffect, useRef } from 'react'

export function VideoPlayer({ hls, mp4, poster }: { hls?: string | null; mp4?: string | null; poster?: string | null }) {
  const ref = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    const video = ref.current
    if (!video) return
    if (hls && Hls.isSupported()) {
      const player = new Hls({ enableWorker: false })
      player.loadSource(hls)
      player.attachMedia(video)
      return () => player.destroy()
    }
    if (hls && video.canPlayType('application/vnd.apple.mpegurl')) video.src = hls
    else if (mp4) video.src = mp4
  }, [hls, mp4])
  if (!hls && !mp4) return <p className="muted">no playable rendition</p>
  return <video ref={ref} className="player" controls muted playsInline poster={poster ?? undefined} />
}
