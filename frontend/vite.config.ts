/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// In dev the gateway runs on :8000; the built app is served by the gateway itself.
const gateway = process.env.OPENTOK_GATEWAY ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": gateway, "/media": gateway } },
  build: { sourcemap: false, chunkSizeWarningLimit: 900 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    globals: true,
    restoreMocks: true,
    unstubGlobals: true,
    pool: "threads",
  },
});
