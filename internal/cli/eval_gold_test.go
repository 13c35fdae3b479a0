package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalGoldUsage(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join(dir, "g.tsv")
	if err := os.WriteFile(gold, []byte("# file: transcripts/1-a.txt\n00:00:01\tfast API\tFastAPI\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("00:00:01\tonly\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args     []string
		code     int
		inStderr string
	}{
		{[]string{"eval", "--gold", gold, "--until", "2024-01-01", dir}, ExitUsage, "--gold goes with"},
		{[]string{"eval", "--gold", gold, "--job", dir}, ExitUsage, "--gold goes with"},
		{[]string{"eval", "--gold", bad, dir}, 1, "bad.tsv:1"},
		{[]string{"eval", "--gold", gold, dir}, 1, `no "# file:" or "# commit:"`},
		{[]string{"eval", "--gold", filepath.Join(dir, "none.tsv"), dir}, 1, "none.tsv"},
	} {
		code, _, stderr := run(t, "", c.args...)
		if code != c.code || !strings.Contains(stderr, c.inStderr) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.inStderr)
		}
	}
}
