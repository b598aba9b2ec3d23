// The record built from the extraction state: which request names the session.
import { describe, expect, test } from "bun:test";
import { workingOn } from "../../src/extract/record.ts";

describe("working_on", () => {
  const cases: [string[], string][] = [
    [["add caching to the user API", "ok thanks"], "add caching to the user API"],
    [["add caching to the user API", "Where were we?"], "add caching to the user API"],
    [["add caching to the user API", "what's next"], "add caching to the user API"],
    [["add caching to the user API", "ok, now write tests for the cache layer. Then commit."], "add caching to the user API"],
    [["yes"], "yes"],
    [[], ""],
    // Short follow-ups never name the session, whatever comes last.
    [["Refactor the payment service to use the new Stripe client", "commit and push"], "Refactor the payment service to use the new Stripe client"],
    [
      ["Refactor the payment service to use the new Stripe client", "Let's commit and push again!"],
      "Refactor the payment service to use the new Stripe client",
    ],
    [["add a dark mode toggle to the settings page", "try again", "ask me a question"], "add a dark mode toggle to the settings page"],
    [["fix the flaky upload test in CI", "run the tests", "fix it", "push"], "fix the flaky upload test in CI"],
    [["Let's commit and push again!"], "Commit and push again!"],
    // The opening task names the session; a later request only when it is more than twice as substantive.
    [
      ["Build the CSV export for the reports page with filters and a date range", "now add pagination to the reports table"],
      "Build the CSV export for the reports page with filters and a date range",
    ],
    [
      ["fix the typo in the footer", "ok now redesign the whole settings page with tabs for profile, billing, team members and notifications"],
      "Redesign the whole settings page with tabs for profile, billing, team members and notifications",
    ],
    [
      ["ask me a question", "the importer drops rows with unicode names, find out why and fix the parser"],
      "the importer drops rows with unicode names, find out why and fix the parser",
    ],
    // Plan mode: the plan's own title.
    [["Implement the following plan:\n\n# Plan: Migrate sessions to JWT auth\n\n## Steps\n1. Add the signer"], "Migrate sessions to JWT auth"],
    [["add login", "Implement the following plan:\n\n## Implementation Plan: Split the billing worker\n- queue"], "Split the billing worker"],
    // CJK has no spaces: characters count.
    [["帮我把登录页面改成支持微信扫码登录", "提交"], "帮我把登录页面改成支持微信扫码登录"],
  ];
  for (const [requests, expected] of cases) test(`${JSON.stringify(requests)} -> ${expected}`, () => expect(workingOn(requests)).toBe(expected));
});
