/**
 * Builds row and key structs: a function that returns a plain object with the given field names, in order,
 * from an array of values. The function is generated per table so each struct is made by one object
 * literal with its final shape (all fields in-object) instead of growing key by key through megamorphic
 * keyed stores and a reallocated property store on wide tables.
 */
export type StructFactory = (values: readonly unknown[]) => Record<string, unknown>;

export function structFactory(names: readonly string[]): StructFactory {
  // `"__proto__": v` in a literal would set the prototype; keep the plain assignment there (same result as before).
  if (names.includes('__proto__')) {
    return (values) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) out[names[i]!] = values[i];
      return out;
    };
  }
  // JSON.stringify(name) is a valid JS string literal for any name.
  const fields = names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${fields} };`) as StructFactory;
}
