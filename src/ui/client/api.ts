// The page's calls to the viewer's API. The token travels in the HttpOnly cookie.
import type { ForgetRequest, ForgetResponse } from "../types.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function get<T>(path: string, params: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const qs = q.toString();
  return parse<T>(await fetch(`/api/${path}${qs ? `?${qs}` : ""}`, { signal, credentials: "same-origin" }));
}

export async function forget(body: ForgetRequest): Promise<ForgetResponse> {
  return parse<ForgetResponse>(
    await fetch("/api/forget", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  );
}

async function parse<T>(res: Response): Promise<T> {
  if (res.ok) return (await res.json()) as T;
  let message = res.statusText;
  try {
    message = ((await res.json()) as { error?: string }).error ?? message;
  } catch {}
  throw new ApiError(
    res.status,
    res.status === 401 || res.status === 403 ? "This page's access has expired: open the URL that `session-recorder ui` printed." : message,
  );
}

/** Path segment, encoded. */
export const seg = (s: string) => encodeURIComponent(s);
