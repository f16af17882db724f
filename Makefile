# The two commands a newcomer needs (see README):
#   make run   - set up .venv, migrate, and serve the app at http://127.0.0.1:8000
#   make test  - set up .venv with the development tools and run the whole suite
.PHONY: run test setup setup-dev lint bench

run: setup
	.venv/bin/hechting serve

test: setup-dev
	scripts/test.sh

setup:
	scripts/bootstrap.sh

setup-dev:
	scripts/bootstrap.sh dev

lint: setup-dev
	.venv/bin/ruff check src tests bench
	.venv/bin/mypy

bench: setup-dev
	.venv/bin/python bench/score.py
