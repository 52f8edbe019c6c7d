/**
 * GET requests a page will make, started by main.tsx before the page's code has arrived, so that on a slow network the
 * answer travels while the code does (issue 20 item 3: a profile or a report's verification on Fast 3G). apiGet takes
 * the answer for the same URL once; one not taken within a minute is dropped.
 */
const EARLY_ANSWER_MS = 60_000;
const started = new Map<string, { response: Promise<Response>; at: number }>();

export function fetchEarly(url: string): void {
  const response = fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  // A failure shows when apiGet takes it (as a network error it retries); until then it is not unhandled.
  response.catch(() => undefined);
  started.set(url, { response, at: Date.now() });
}

/** The early answer for `url`, once; undefined when none was started or it is too old. */
export function takeEarlyResponse(url: string): Promise<Response> | undefined {
  const early = started.get(url);
  started.delete(url);
  return early && Date.now() - early.at < EARLY_ANSWER_MS ? early.response : undefined;
}
