package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func searchLibrary(t *testing.T) (dir, cfg string) {
	t.Helper()
	dir = t.TempDir()
	files := map[string]string{
		"pulse/transcripts/001-welcome.txt": "00:00:00 Welcome to Python Pulse.\n\n00:01:05 Today: uv, and fast API with Pydantic.\n",
		"pulse/transcripts/001-welcome.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nWelcome to Python Pulse.\n",
		"pulse/transcripts/002-hatch.vtt":   "WEBVTT\n\n00:00:02.000 --> 00:00:04.000\n<v Maya>Hatch, or uv?\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg = filepath.Join(dir, "emend.toml")
	toml := "# test library\n[[show]]\nname = \"Python Pulse\"\npaths = [\"pulse\"]\nepisode_url = \"https://pulse.example/{episode}?t={t}\"\n"
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

func TestIndexAndSearch(t *testing.T) {
	dir, cfg := searchLibrary(t)
	code, out, errOut := run(t, "", "index", "--config", cfg)
	if code != ExitOK || !strings.Contains(out, "indexed 2 episodes (3 segments) from 3 files") {
		t.Fatalf("index: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, ".emend", "index")); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, "", "index", "--config", cfg)
	if code != ExitOK || !strings.Contains(out, "0 read, 3 unchanged, 0 removed") {
		t.Errorf("re-index: %d %q", code, out)
	}
	code, out, errOut = run(t, "", "search", "--config", cfg, "--json", "--", "uv", "-hatch")
	var hit map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &hit) != nil {
		t.Fatalf("search --json: %d %q %q", code, out, errOut)
	}
	for k, want := range map[string]any{"show": "Python Pulse", "episode": 1.0, "start": 65.0, "url": "https://pulse.example/1?t=65",
		"text": "Today: uv, and fast API with Pydantic.", "file": filepath.Join(dir, "pulse/transcripts/001-welcome.txt")} {
		if hit[k] != want {
			t.Errorf("search --json: %s = %v, want %v", k, hit[k], want)
		}
	}
	code, out, errOut = run(t, "", "search", "--config", cfg, "fastapi~")
	if code != ExitOK || !strings.Contains(out, "0:01:05  Today: uv, and *fast* *API* with Pydantic.") || !strings.Contains(out, "https://pulse.example/1?t=65") ||
		!strings.Contains(errOut, "1 place in 1 episode") {
		t.Errorf("search fastapi~: %d %q %q", code, out, errOut)
	}
	code, _, errOut = run(t, "", "search", "--config", cfg, "nowhere")
	if code != ExitFailure || !strings.Contains(errOut, "no match") {
		t.Errorf("no match: %d %q", code, errOut)
	}
	code, _, errOut = run(t, "", "search", "--config", cfg, `"unclosed`)
	if code != ExitUsage || !strings.Contains(errOut, "bad query: unclosed quote") {
		t.Errorf("bad query: %d %q", code, errOut)
	}
	code, out, _ = run(t, "", "trend", "--config", cfg, "--format", "csv", "uv")
	if code != ExitOK || !strings.HasPrefix(out, "period,show,mentions,episodes,published\n") || !strings.Contains(out, ",Python Pulse,2,2,2\n") {
		t.Errorf("trend csv: %d %q", code, out)
	}
	code, out, _ = run(t, "", "trend", "--config", cfg, "--format=json", "--by", "month", "uv -hatch")
	var rows []map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 || rows[0]["mentions"] != 1.0 {
		t.Errorf("trend json: %d %q", code, out)
	}
	if code, _, errOut := run(t, "", "trend", "--config", cfg, "--by", "week", "uv"); code != ExitUsage || !strings.Contains(errOut, "want month or year") {
		t.Errorf("trend --by week: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "", "search", "--config", cfg); code != ExitUsage || !strings.Contains(errOut, "missing query") {
		t.Errorf("search without query: %d %q", code, errOut)
	}
	if code, out, _ := run(t, "", "search", "--config", cfg, "--json", "--", "-hatch", "uv"); code != ExitOK || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"start":65`) {
		t.Errorf("search -- -hatch uv: %d %q", code, out)
	}
	// Options are strict: a misspelt one is a usage error, not a query word;
	// after "--" even an option's name is a query word.
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"search", "--config", cfg, "--limt", "2", "uv"}, ExitUsage, "flag provided but not defined: -limt"},
		{[]string{"search", "--config", cfg, "--jsn", "uv"}, ExitUsage, "-- uv -django"},
		{[]string{"search", "--config", cfg, "uv", "-hatch"}, ExitUsage, "not defined: -hatch"},
		{[]string{"trend", "--config", cfg, "--byy", "month", "ruff"}, ExitUsage, "not defined: -byy"},
		{[]string{"search", "--config", cfg, "--", "--json"}, ExitUsage, "bad query: nothing to search for"},
		{[]string{"search", "--config", cfg, "--limit", "1", "--", "uv", "--limit"}, ExitOK, "(1 shown; --limit for more)"},
	} {
		if code, _, errOut := run(t, "", c.args...); code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("emend %s: exit %d, %q; want exit %d, %q", strings.Join(c.args, " "), code, errOut, c.code, c.msg)
		}
	}
}

func TestSearchWithoutIndex(t *testing.T) {
	code, _, errOut := run(t, "", "search", "--index", filepath.Join(t.TempDir(), "none"), "uv")
	if code != ExitFailure || !strings.Contains(errOut, "run emend index first") {
		t.Errorf("%d %q", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "emend.toml")
	os.WriteFile(bad, []byte("[[show]]\nname = \"x\"\npaths = [\"a\"\n"), 0o644)
	code, _, errOut = run(t, "", "index", "--config", bad)
	if code != ExitFailure || !strings.Contains(errOut, "emend.toml:3: paths: expected a comma") {
		t.Errorf("bad config: %d %q", code, errOut)
	}
}

func TestIndexPaths(t *testing.T) {
	dir, _ := searchLibrary(t)
	idx := filepath.Join(t.TempDir(), "ix")
	code, out, errOut := run(t, "", "index", "--index", idx, filepath.Join(dir, "pulse"))
	if code != ExitOK || !strings.Contains(out, "indexed 2 episodes") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	code, out, _ = run(t, "", "search", "--index", idx, "--json", "show:pulse", "hatch")
	if code != ExitOK || !strings.Contains(out, `"show":"pulse"`) || !strings.Contains(out, `"url":""`) {
		t.Errorf("%d %q", code, out)
	}
}

// TestIndexGoesWithThePath: index DIR keeps the index in DIR/.emend, not
// in the current directory, and search finds it from DIR or below.
func TestIndexGoesWithThePath(t *testing.T) {
	dir, cfg := searchLibrary(t)
	os.Remove(cfg) // an emend.toml above would say where the index goes
	show := filepath.Join(dir, "pulse")
	elsewhere := t.TempDir()
	t.Chdir(elsewhere)
	if code, out, errOut := run(t, "", "index", show); code != ExitOK || !strings.Contains(out, filepath.Join(show, ".emend", "index")) {
		t.Fatalf("index: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, ".emend")); !os.IsNotExist(err) {
		t.Errorf("index wrote .emend into the current directory: %v", err)
	}
	if code, _, errOut := run(t, "", "search", "hatch"); code != ExitFailure || !strings.Contains(errOut, "run emend index first") {
		t.Errorf("search elsewhere: %d %q", code, errOut)
	}
	t.Chdir(filepath.Join(show, "transcripts"))
	if code, out, errOut := run(t, "", "search", "hatch"); code != ExitOK || !strings.Contains(out, "*Hatch*, or uv?") {
		t.Errorf("search below the indexed directory: %d %q %q", code, out, errOut)
	}
}
