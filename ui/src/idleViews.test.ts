/// <reference types="vite/client" />

// The login screen and the inbox are where the desk idles all day; antd (its runtime styles
// and components) is loaded only with a slip's page or the settings (see components/AntScope).
// This walks the static imports from the entry and fails if any of them reaches antd.
const sources = import.meta.glob(["./**/*.ts", "./**/*.tsx"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

function staticImports(text: string): string[] {
  // `import x from "y"` and `import "y"`, not `import("y")`.
  return [...text.matchAll(/^\s*import\s+(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)].map((m) => m[1]);
}

/** "./pages/Inbox.tsx" + "../components/Pager" → "./components/Pager.tsx". */
function resolveLocal(from: string, spec: string): string | null {
  const parts = from.split("/").slice(0, -1);
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  const base = parts.join("/");
  return [base, `${base}.tsx`, `${base}.ts`].find((f) => f in sources) ?? null;
}

it("loads no antd with the login screen and the inbox", () => {
  const seen = new Set<string>();
  const reachesAntd: string[] = [];
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(sources[file])) {
      if (spec === "antd" || spec.startsWith("antd/")) reachesAntd.push(file);
      else if (spec.startsWith(".")) {
        const next = resolveLocal(file, spec);
        if (next) walk(next);
      }
    }
  };
  walk("./main.tsx");
  expect(seen).toContain("./pages/Inbox.tsx");
  expect(seen).toContain("./pages/Login.tsx");
  expect(reachesAntd).toEqual([]);
});
