package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/gittest"
)

func vtt(lines ...string) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n\n")
	for i, l := range lines {
		b.WriteString("00:00:0" + string(rune('0'+i)) + ".000 --> 00:00:0" + string(rune('1'+i)) + ".000\n" + l + "\n\n")
	}
	return b.String()
}

// TestVocabExportRulesFile: the rules file's counts (people) and the places
// the rules correct now (emend) rank the terms; every service's output is
// JSON of its shape.
func TestVocabExportRulesFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "emend.rules"), []byte("Jupiter => Jupyter  # 40 fixes in 9 episodes, e.g. \"x\"\npedantic => Pydantic  # 2 fixes in 2 episodes, e.g. \"y\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "101-a.vtt"), []byte(vtt("We use pedantic models.", "And pedantic settings.", "A Jupiter notebook.")), 0o644)
	os.WriteFile(filepath.Join(dir, "101-a.txt"), []byte("00:00:00 We use pedantic models.\n\n00:00:01 And pedantic settings.\n\n00:00:02 A Jupiter notebook.\n"), 0o644)
	code, out, errOut := run(t, "", "vocab", "export", "--for", "list", "--history", "no", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "40      1  Jupyter") || !strings.Contains(lines[2], "2      2  Pydantic") {
		t.Errorf("ranking:\n%s", out)
	}
	for _, c := range []struct{ service, key string }{
		{"deepgram", "keyterm"}, {"assemblyai", "custom_spelling"}, {"speechmatics", "additional_vocab"}, {"whisper", "initial_prompt"},
	} {
		code, out, errOut := run(t, "", "vocab", "export", "--for", c.service, "--history", "no", dir)
		var v map[string]any
		if code != ExitOK || json.Unmarshal([]byte(out), &v) != nil || v[c.key] == nil {
			t.Errorf("%s: exit %d, %q %q", c.service, code, out, errOut)
		}
	}
	if code, out, _ := run(t, "", "vocab", "export", "--for", "deepgram", "--query", "--history", "no", dir); code != ExitOK || out != "keyterm=Jupyter&keyterm=Pydantic\n" {
		t.Errorf("query: exit %d, %q", code, out)
	}
	all := filepath.Join(t.TempDir(), "vocab")
	if code, _, errOut := run(t, "", "vocab", "export", "--for", "all", "-o", all, "--history", "no", dir); code != ExitOK {
		t.Errorf("all: exit %d, %q", code, errOut)
	}
	for _, name := range []string{"deepgram.json", "assemblyai.json", "speechmatics.json", "whisper.json", "list.txt"} {
		if fi, err := os.Stat(filepath.Join(all, name)); err != nil || fi.Size() == 0 {
			t.Errorf("all: %s: %v", name, err)
		}
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"vocab", "export", dir}, ExitUsage, "--for is required"},
		{[]string{"vocab", "export", "--for", "rev", dir}, ExitUsage, "unknown service"},
		{[]string{"vocab", "import", "--for", "list", dir}, ExitUsage, "want vocab export"},
		{[]string{"vocab", "export", "--for", "list", "--query", dir}, ExitUsage, "deepgram only"},
		{[]string{"vocab", "export", "--for", "list", "--history", "maybe", dir}, ExitUsage, "auto, yes or no"},
		{[]string{"vocab", "export", "--for", "all", dir}, ExitUsage, "needs -o DIR"},
	} {
		if code, _, errOut := run(t, "", c.args...); code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("emend %s: exit %d, %q", strings.Join(c.args, " "), code, errOut)
		}
	}
}

// TestVocabExportHistory: without a rules file, the corrections people
// made in the git history rank the terms.
func TestVocabExportHistory(t *testing.T) {
	r := gittest.New(t)
	wrong := map[string]string{
		"201-a.vtt": vtt("Today Daxter pipelines.", "More on Daxter.", "Daxter again."),
		"202-b.vtt": vtt("Daxter and assets.", "Then Daxter runs.", "Daxter once more."),
		"203-c.vtt": vtt("A Daxter talk.", "Still Daxter here.", "So."),
	}
	r.Commit("2024-01-01T10:00:00Z", "add transcripts", wrong)
	fixed := map[string]string{}
	for _, k := range []string{"201-a.vtt", "202-b.vtt"} {
		fixed[k] = strings.ReplaceAll(wrong[k], "Daxter", "Dagster")
	}
	r.Commit("2024-02-01T10:00:00Z", "Correct Dagster", fixed)
	code, out, errOut := run(t, "", "vocab", "export", "--for", "list", r.Dir)
	// People fixed 6 places in two episodes; the rule learned fixes the
	// 2 left in the third.
	if code != ExitOK || !strings.Contains(out, "   1      6      2  Dagster                        Daxter (8)") {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "vocab", "export", "--for", "list", "--history", "no", r.Dir); code != ExitFailure || !strings.Contains(errOut, "no corrections found") {
		t.Errorf("--history no: exit %d, %q", code, errOut)
	}
}
