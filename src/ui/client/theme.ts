// The theme choice: applied by boot.ts in <head> before the first paint (no flash),
// changed by the toggle. "auto" follows prefers-color-scheme through the stylesheet.
export const THEME_KEY = "session-recorder-theme";

export type Theme = "auto" | "light" | "dark";

export function storedTheme(): Theme {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === "light" || t === "dark" ? t : "auto";
  } catch {
    return "auto";
  }
}

export function applyTheme(t: Theme): void {
  if (t === "auto") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
}
