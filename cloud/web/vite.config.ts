/** Builds the owner app into cloud/web/dist, which the Worker serves as static assets (wrangler.toml [assets]). */
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  // `npm run dev:web` proxies the API to a running Worker (npm start's default port).
  server: {
    proxy: {
      "/v1": { target: "http://127.0.0.1:8787", ws: true },
      "/.well-known": "http://127.0.0.1:8787",
    },
  },
});
