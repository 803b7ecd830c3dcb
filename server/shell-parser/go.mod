module github.com/go-container-standard/go-container-standard/server/shell-parser

go 1.26.0

require mvdan.cc/sh/v3 v3.14.1
