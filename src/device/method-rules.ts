/**
 * Auto-response rules for direct methods: which status and payload the session answers a method
 * with, after a delay, without a click. They run where the session runs (the worker), so a hidden
 * tab or an unmounted pane answers on time. Pure.
 */
export type MethodRule = {
  id: string;
  /** A method name, or `*` for any method without its own rule. */
  method: string;
  status: number;
  payload: string;
  delayMs: number;
  enabled: boolean;
};

/** The enabled rule for this method: its own rule first, then `*`. */
export function findRule(rules: readonly MethodRule[], name: string): MethodRule | undefined {
  return (
    rules.find((r) => r.enabled && r.method === name) ??
    rules.find((r) => r.enabled && r.method === '*')
  );
}
