# The theme's JavaScript (issue 23): ESLint in `make lint`, the unit tests of its pure functions
# (Node's built-in test runner, theme/static/js/test/) in `make test`. Versions: package.json.
.PHONY: lint-js test-js

lint: lint-js
test: test-js

lint-js: npm-deps  ## ESLint on the theme's and the package's scripts
	node_modules/.bin/eslint --max-warnings 0 .

test-js:  ## the theme's JavaScript unit tests (node --test)
	node --test theme/static/js/test/
