// The theme button: auto -> light -> dark -> auto, remembered in localStorage.
import { applyTheme, storedTheme, THEME_KEY, type Theme } from "./theme.ts";

const NEXT: Record<Theme, Theme> = { auto: "light", light: "dark", dark: "auto" };
const LABEL: Record<Theme, string> = { auto: "◐ auto", light: "☀ light", dark: "☾ dark" };

export function installThemeToggle(button: HTMLButtonElement): void {
  let theme = storedTheme();
  const show = () => {
    button.textContent = LABEL[theme];
    button.title = `Theme: ${theme} (click for ${NEXT[theme]})`;
  };
  show();
  button.addEventListener("click", () => {
    theme = NEXT[theme];
    try {
      if (theme === "auto") localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, theme);
    } catch {}
    applyTheme(theme);
    show();
  });
}
