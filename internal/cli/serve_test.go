package cli

import (
	"strings"
	"testing"
)

// TestServeSettingsFromEnvironment: serve takes its settings from the
// environment when no flag gives them, and names the variable at fault.
func TestServeSettingsFromEnvironment(t *testing.T) {
	for _, c := range []struct {
		env      map[string]string
		args     []string
		inStderr string
	}{
		{map[string]string{"EMEND_ADDR": "8080"}, nil, "EMEND_ADDR: want HOST:PORT"},
		{map[string]string{"EMEND_LOG_FORMAT": "xml"}, nil, "EMEND_LOG_FORMAT: want one of auto, json, text"},
		{map[string]string{"EMEND_PRIVATE": "true"}, []string{"--no-review"}, "--private needs sign-in"},
		{map[string]string{"EMEND_ADDR": "8080"}, []string{"--addr", "x"}, "--addr: want HOST:PORT"},
	} {
		for k, v := range c.env {
			t.Setenv(k, v)
		}
		code, _, errOut := run(t, "", append([]string{"serve"}, c.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, c.inStderr) {
			t.Errorf("%v emend serve %v: exit %d, stderr %q; want %d, %q", c.env, c.args, code, errOut, ExitUsage, c.inStderr)
		}
		for k := range c.env {
			t.Setenv(k, "")
		}
	}
}

// TestServeLogFormat: auto is text on a terminal and JSON elsewhere;
// json and text force one.
func TestServeLogFormat(t *testing.T) {
	for _, c := range []struct {
		format   string
		terminal bool
		json     bool
	}{
		{"auto", false, true},
		{"auto", true, false},
		{"json", true, true},
		{"text", false, false},
	} {
		var b strings.Builder
		newLogger(&Env{Stderr: &b, Progress: c.terminal}, c.format).Info("request", "path", "/api/search")
		if got := strings.HasPrefix(b.String(), "{"); got != c.json {
			t.Errorf("%s on a terminal=%v: %q", c.format, c.terminal, b.String())
		}
		if !strings.Contains(b.String(), "/api/search") {
			t.Errorf("%s: no path in %q", c.format, b.String())
		}
	}
}
