// The page, inside the binary: HTML and CSS as text, the scripts bundled from
// src/ui/client/ at build time (see bundle.ts). Nothing is loaded from elsewhere.
import { clientScript } from "./bundle.ts" with { type: "macro" };
import shell from "./index.html" with { type: "text" };
import css from "./style.css" with { type: "text" };
import icon from "./icon.svg" with { type: "text" };

export interface Asset {
  body: string;
  type: string;
}

const app = clientScript("app.ts");
const boot = clientScript("boot.ts");

// Bun types every .html import as an HTMLBundle; with type "text" it is the file's text.
const html = shell as unknown as string;

export const PAGE: Asset = { body: html, type: "text/html; charset=utf-8" };

export const ASSETS: Record<string, Asset> = {
  "/assets/app.js": { body: app, type: "text/javascript; charset=utf-8" },
  "/assets/boot.js": { body: boot, type: "text/javascript; charset=utf-8" },
  "/assets/app.css": { body: css, type: "text/css; charset=utf-8" },
  "/favicon.svg": { body: icon, type: "image/svg+xml" },
};
