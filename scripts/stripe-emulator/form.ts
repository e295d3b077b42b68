/** Decodes Stripe's form encoding (`a[b][0][c]=v`, as the stripe SDK sends it) into nested objects and arrays. */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export function decodeForm(body: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part, i) => i === 0 || part !== "");
    let node: Record<string, FormValue> | FormValue[] = root;
    for (let i = 0; i < path.length; i++) {
      const part = path[i] as string;
      const last = i === path.length - 1;
      const index: string | number = Array.isArray(node) ? Number(part) : part;
      if (last) {
        (node as Record<string | number, FormValue>)[index] = value;
        break;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1] as string);
      const existing = (node as Record<string | number, FormValue>)[index];
      if (existing === undefined || typeof existing === "string") {
        (node as Record<string | number, FormValue>)[index] = nextIsIndex ? [] : {};
      }
      node = (node as Record<string | number, FormValue>)[index] as Record<string, FormValue> | FormValue[];
    }
  }
  return root;
}
