//go:build tools

// Package deps pins the libraries govflow has chosen while the packages that use them are being written.
package deps

import (
	_ "github.com/chromedp/chromedp"
	_ "github.com/emmansun/gmsm/sm2"
	_ "github.com/emmansun/gmsm/sm3"
	_ "github.com/expr-lang/expr"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/pressly/goose/v3"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/prometheus/client_golang/prometheus/promhttp"
	_ "github.com/riverqueue/river"
	_ "github.com/riverqueue/river/riverdriver/riverpgxv5"
	_ "github.com/riverqueue/river/riverdriver/riversqlite"
	_ "github.com/riverqueue/river/rivermigrate"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "github.com/xuri/excelize/v2"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/crypto/argon2"
	_ "golang.org/x/text/language"
	_ "modernc.org/sqlite"
)
