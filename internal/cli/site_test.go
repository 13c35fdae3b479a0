package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSite(t *testing.T) {
	lib := t.TempDir()
	show := filepath.Join(lib, "pulse")
	os.MkdirAll(show, 0o755)
	if err := os.WriteFile(filepath.Join(show, "001-welcome.vtt"), []byte(episode), 0o644); err != nil {
		t.Fatal(err)
	}
	toml := "[[show]]\nname = \"Python Pulse\"\npaths = [\"pulse\"]\nepisode_url = \"https://pulse.example/{episode}?t={t}\"\naudio_url = \"https://cdn.example/{episode}.mp3#t={t}\"\n"
	if err := os.WriteFile(filepath.Join(lib, "emend.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"site", show}, 2, "-o DIR is required"},
		{[]string{"site", show, "-o", out, "--base-url", "example.org"}, 2, "absolute URL"},
		{[]string{"site", show, "-o", out}, 0, "site of 1 episodes"},
		{[]string{"site", show, "-o", out}, 0, "0 written"},
		{[]string{"site", "--config", filepath.Join(lib, "emend.toml"), "-o", out, "--base-url", "https://pulse.example/t/"}, 0, "site of 1 episodes"},
		{[]string{"site", show, "-o", show}, 1, "holds files but no"},
	} {
		code, stdout, stderr := run(t, "", c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s%s", c.args, code, c.code, c.want, stdout, stderr)
		}
	}
	// From emend.toml: the player plays the show's audio_url.
	page, err := os.ReadFile(filepath.Join(out, "episodes", "python-pulse", "1.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<audio id="player"`, `src="https://cdn.example/1.mp3#t=0"`, `<link rel="canonical" href="https://pulse.example/t/episodes/python-pulse/1.html">`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page has no %s", want)
		}
	}
}
