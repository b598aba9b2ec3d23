// What a view gets from the app: where to render, when to stop, how to move on.
// Its own module so that the app imports its views and no view imports the app.

export interface Shell {
  main: HTMLElement;
  signal: AbortSignal;
  go(href: string, opts?: { replace?: boolean }): void;
  crumbs(items: { label: string; href?: string }[]): void;
}
