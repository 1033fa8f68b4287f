// ESLint for the theme's and the plugin's JavaScript (`make lint`; the versions are pinned in package.json).
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
    // Functions short enough to read at a glance: one job each (issue 23). Every front-end file
    // keeps its functions within 60 lines; the notation script and its modules, within 40.
    files: [
      "theme/static/js/**/*.js",
      "plugins/audio-clips/pelican/plugins/audio_clips/templates/audio-clips.js",
    ],
    rules: {
      "max-lines-per-function": [
        "error",
        { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  {
    files: ["theme/static/js/notation.js", "theme/static/js/modules/notation-*.js"],
    rules: {
      "max-lines-per-function": [
        "error",
        { max: 40, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  {
    // The plugin's optional script for any theme: a classic script (no modules), linked with defer.
    files: ["plugins/audio-clips/pelican/plugins/audio_clips/templates/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: globals.browser,
    },
    rules: {
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "smart"],
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
