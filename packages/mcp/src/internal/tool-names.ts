/**
 * Turns MCP tool names (which may hold `.`, `/` and up to 128 characters) into names the Responses
 * API accepts (`^[a-zA-Z0-9_-]{1,64}$`), with the prefix in front: other characters become `_`,
 * long names are cut to 64, and a name already taken gets `_2`, `_3` … Deterministic for a given
 * list, so the same server gives the model the same names every time.
 */
export function toolNamesFor(mcpNames: readonly string[], prefix: string): string[] {
  const taken = new Set<string>();
  return mcpNames.map((mcpName) => {
    const base = `${prefix}${mcpName}`.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || '_';
    let name = base;
    for (let n = 2; taken.has(name); n++) {
      const suffix = `_${n}`;
      name = base.slice(0, 64 - suffix.length) + suffix;
    }
    taken.add(name);
    return name;
  });
}
