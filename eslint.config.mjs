import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const pagesAndComponents = ["@/app/*", "@/pages/*", "@/components/*", "**/app/*", "**/pages/*", "**/components/*"];

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    // The domain serves every edge, so it must not depend on one.
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: pagesAndComponents,
              message: "lib/ is the domain: it may not import from app/, pages/ or components/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/**/*.shared.ts", "lib/**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "Program > :first-child:not(ImportDeclaration[source.value='server-only'])",
          message: 'A lib/ module starts with import "server-only"; name it *.shared.ts if the browser may load it.',
        },
      ],
    },
  },
  {
    // A module the browser may load must not pull server code in with it.
    files: ["lib/**/*.shared.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/lib/.*(?<!\\.shared)$",
              allowTypeImports: true,
              message: "A *.shared.ts module may import only other *.shared modules from lib/.",
            },
            {
              regex: "^@/db/(?!enums$)",
              allowTypeImports: true,
              message: "A *.shared.ts module may import only @/db/enums from db/.",
            },
            {
              group: pagesAndComponents,
              message: "lib/ is the domain: it may not import from app/, pages/ or components/.",
            },
          ],
        },
      ],
    },
  },
  {
    // Migrations are generated from the schema, which must stay loadable without the app.
    files: ["db/schema.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*", "**/lib/*", ...pagesAndComponents],
              message: "db/schema.ts may not import from lib/.",
            },
          ],
        },
      ],
    },
  },
  {
    // Every page a spec opens must go through the fixtures' CSP watch, so specs take `test` and extra
    // browser contexts from there.
    files: ["e2e/**/*.ts"],
    ignores: ["e2e/fixtures.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@playwright/test",
              importNames: ["test"],
              message: "Take `test` from e2e/fixtures.ts (or a helper built on it): it fails a test on CSP violations.",
            },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "browser",
          property: "newPage",
          message: "Use the `newPage` fixture: it watches for CSP violations.",
        },
        {
          object: "browser",
          property: "newContext",
          message: "Use the `newPage` fixture: it watches for CSP violations.",
        },
      ],
    },
  },
  { ignores: [".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
];

export default config;
