// ESLint for the theme's JavaScript (`make lint`; the versions are pinned in package.json).
// The scripts are ES modules run by browsers (theme/static/js); their unit tests run under Node.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "output/", ".venv/", "test-artifacts/", "**/*.min.js"] },
  js.configs.recommended,
  {
    files: ["theme/static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.browser,
    },
    rules: {
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "smart"],
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
    },
  },
  {
    files: ["theme/static/js/test/**/*.mjs", "eslint.config.js", "tests/**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.node,
    },
  },
];
