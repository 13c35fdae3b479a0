package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompletion: each script names every command and the options of
// search, and parses in its shell (where that shell is installed).
func TestCompletion(t *testing.T) {
	for _, c := range []struct {
		shell string
		check []string // the shell's syntax check
		wants []string
	}{
		{"bash", []string{"bash", "-n"}, []string{"complete -o default -F _emend emend", `search) opts="--config --index --json --limit --per-episode --sounds-like --help"`, `learn) opts="`, "-o "}},
		{"zsh", []string{"zsh", "-n"}, []string{"#compdef emend", "'--limit[show at most N episodes]:value:_files'", "'-o["}},
		{"fish", []string{"fish", "-n"}, []string{"complete -c emend -n '__fish_seen_subcommand_from search' -l limit -r -d 'show at most N episodes'", "-s o -r"}},
	} {
		code, out, errOut := run(t, "", "completion", c.shell)
		if code != ExitOK {
			t.Fatalf("%s: exit %d, %s", c.shell, code, errOut)
		}
		for _, cmd := range commands {
			if !strings.Contains(out, cmd.name) {
				t.Errorf("%s: no command %s", c.shell, cmd.name)
			}
		}
		for _, want := range c.wants {
			if !strings.Contains(out, want) {
				t.Errorf("%s: script lacks %q:\n%s", c.shell, want, clipOut(out))
			}
		}
		if _, err := exec.LookPath(c.check[0]); err != nil {
			t.Logf("%s not installed: syntax not checked", c.check[0])
			continue
		}
		f := filepath.Join(t.TempDir(), "emend."+c.shell)
		os.WriteFile(f, []byte(out), 0o644)
		if msg, err := exec.Command(c.check[0], append(c.check[1:], f)...).CombinedOutput(); err != nil {
			t.Errorf("%s -n: %v\n%s", c.shell, err, msg)
		}
	}
	if code, _, errOut := run(t, "", "completion", "tcsh"); code != ExitUsage || !strings.Contains(errOut, `unknown shell "tcsh"`) {
		t.Errorf("completion tcsh: exit %d, %s", code, errOut)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "", "--version")
	if code != ExitOK || !strings.HasPrefix(out, "emend ") || strings.Contains(out, "dev\n") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
}

// TestProgressClearedBeforeWarning: a warning never runs into the progress
// line drawn on a terminal.
func TestProgressClearedBeforeWarning(t *testing.T) {
	var errOut strings.Builder
	p := newProgress(&Env{Stderr: &errOut, Progress: true}, "reading history")
	p.update(10, 100)
	p.warn("some commits skipped")
	p.update(20, 100)
	p.done()
	want := "\rreading history 10/100 (10%)\r\033[Kwarning: some commits skipped\n\rreading history 20/100 (20%)\r\033[K"
	if errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut.String(), want)
	}
}
