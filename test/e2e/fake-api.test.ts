import { describe, expect, test } from "bun:test";
import { isCompactionRequest, parseDirectives, planReply } from "./fake-api.ts";

const user = (text: string) => ({ role: "user", content: [{ type: "text", text }] });
const TOOLS = [{ name: "Write" }, { name: "Agent" }];

describe("fake API script", () => {
  test("only top-level directives run; nested ones stay in the agent prompt", () => {
    expect(parseDirectives("a [[agent:[[write:/x/y.txt|hi]]]] [[say:ok]]")).toEqual([
      { kind: "agent", prompt: "[[write:/x/y.txt|hi]]", background: false },
      { kind: "say", text: "ok" },
    ]);
  });

  test("write content and edit new_string keep later separators", () => {
    expect(parseDirectives("[[write:/a|x|y]] [[edit:/a|old|new|er]]")).toEqual([
      { kind: "write", path: "/a", content: "x|y" },
      { kind: "edit", path: "/a", oldString: "old", newString: "new|er" },
    ]);
  });

  test("steps advance with each assistant reply after the prompt", () => {
    const prompt = user("[[write:/a|1]] [[write:/b|2]] [[say:bye]]");
    const first = planReply({ tools: TOOLS, messages: [prompt] });
    expect(first.content[0]).toMatchObject({ type: "tool_use", name: "Write", input: { file_path: "/a" } });
    const toolUse = { role: "assistant", content: first.content };
    const result = { role: "user", content: [{ type: "tool_result", tool_use_id: "x", content: "ok" }] };
    const second = planReply({ tools: TOOLS, messages: [prompt, toolUse, result] });
    expect(second.content[0]).toMatchObject({ input: { file_path: "/b" } });
    const last = planReply({ tools: TOOLS, messages: [prompt, toolUse, result, toolUse, result] });
    expect(last).toMatchObject({ stopReason: "end_turn", content: [{ type: "text", text: "bye" }] });
  });

  test("requests without tools get text, never a tool call", () => {
    expect(planReply({ messages: [user("[[write:/a|1]]")] }).stopReason).toBe("end_turn");
  });

  test("a task notification's <summary> is not a compaction request", () => {
    const notification = user('<task-notification><summary>Agent "sub task" finished</summary></task-notification>');
    expect(isCompactionRequest({ messages: [notification] })).toBe(false);
    const compact = user("Your task is to create a detailed summary ... <analysis> then <summary>");
    expect(isCompactionRequest({ messages: [compact] })).toBe(true);
  });
});
