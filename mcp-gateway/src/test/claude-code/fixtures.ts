// Hook events as Claude Code sends them and answers as it reads them, typed against the Claude Agent SDK's
// declarations (`satisfies`): a field renamed in the SDK fails this compile, not a user's session.
import type { PostToolUseFailureHookInput, PostToolUseHookInput, PreToolUseHookInput, SyncHookJSONOutput } from "@anthropic-ai/claude-agent-sdk";

const base = {
  session_id: "3f1c2a9e-7b4d-4e21-9c0a-5d6e7f8a9b0c",
  transcript_path: "/home/alice/.claude/projects/demo/3f1c2a9e.jsonl",
  cwd: "/home/alice/demo",
  permission_mode: "default",
};

/** Inputs, by name; `{{DIR}}` is replaced by the test's directory and `{{ID}}` by a fresh tool-use id. */
export const inputs = {
  "pre-read": {
    ...base, hook_event_name: "PreToolUse", tool_name: "Read", tool_use_id: "{{ID}}",
    tool_input: { file_path: "{{DIR}}/hello.txt" },
  } satisfies PreToolUseHookInput,
  "pre-write-locked": {
    ...base, hook_event_name: "PreToolUse", tool_name: "Write", tool_use_id: "{{ID}}",
    tool_input: { file_path: "{{DIR}}/locked/out.txt", content: "nope" },
  } satisfies PreToolUseHookInput,
  "pre-write-pii": {
    ...base, hook_event_name: "PreToolUse", tool_name: "Write", tool_use_id: "{{ID}}",
    tool_input: { file_path: "{{DIR}}/pii/report.csv", content: "id,email\n1,bob@example.com\n" },
  } satisfies PreToolUseHookInput,
  "post-write-pii": {
    ...base, hook_event_name: "PostToolUse", tool_name: "Write", tool_use_id: "{{ID}}",
    tool_input: { file_path: "{{DIR}}/pii/report.csv", content: "id,email\n1,bob@example.com\n" },
    tool_response: { type: "create", filePath: "{{DIR}}/pii/report.csv" },
  } satisfies PostToolUseHookInput,
  "post-failure": {
    ...base, hook_event_name: "PostToolUseFailure", tool_name: "Write", tool_use_id: "{{ID}}",
    tool_input: { file_path: "{{DIR}}/pii/report.csv", content: "x" }, error: "EACCES",
  } satisfies PostToolUseFailureHookInput,
};

/** The answer shapes the hook must produce: the Java test checks its answers have exactly these fields. */
export const answers = {
  allow: { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", permissionDecisionReason: "" } },
  deny: { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "" } },
  ask: { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: "" } },
  post: {},
} satisfies Record<string, SyncHookJSONOutput>;
