/** "1 invocation", "2 invocations": a count with its noun in the right number (English). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
