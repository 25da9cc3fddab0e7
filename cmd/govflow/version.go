package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.0".
var version = "dev"

func init() {
	register(command{name: "version", summary: "显示版本", run: runVersion})
}

func versionString() string {
	v := version
	if info, ok := debug.ReadBuildInfo(); ok && v == "dev" {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += "+" + s.Value[:12]
			}
		}
	}
	return v
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := flags("version", "显示 govflow 的版本。", stdout)
	if code := parse(fs, args, stderr); code >= 0 {
		return code
	}
	fmt.Fprintf(stdout, "govflow %s (%s, %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return 0
}
