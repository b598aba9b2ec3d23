// The <head> script (classic, blocking): the chosen theme before the first paint.
import { applyTheme, storedTheme } from "./theme.ts";

applyTheme(storedTheme());
