package history

import (
	"errors"
	"fmt"
	"github.com/emend-project/emend/internal/gittest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testRepo is a temporary git repository with a controlled clock.
type testRepo struct {
	t   *testing.T
	dir string
}

func newTestRepo(t *testing.T) *testRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	r := &testRepo{t: t, dir: t.TempDir()}
	r.init()
	return r
}

func (r *testRepo) init() {
	r.git(time.Time{}, "init", "-q", "-b", "main")
	r.git(time.Time{}, "config", "user.name", "Test Editor")
	r.git(time.Time{}, "config", "user.email", "editor@example.com")
	r.git(time.Time{}, "config", "commit.gpgsign", "false")
	r.git(time.Time{}, "config", "core.autocrlf", "false")
}

// day returns noon on the given day of January 2024, UTC.
func day(d int) time.Time { return time.Date(2024, 1, d, 12, 0, 0, 0, time.UTC) }

// git runs git in the repository with author and committer dates at.
func (r *testRepo) git(at time.Time, args ...string) string {
	return r.gitDates(at, at, args...)
}

func (r *testRepo) gitDates(author, committer time.Time, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir}, args...)...)
	cmd.Env = append(gitEnv(),
		"GIT_AUTHOR_DATE="+author.Format(time.RFC3339), "GIT_COMMITTER_DATE="+committer.Format(time.RFC3339),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *testRepo) write(path, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// commit commits everything and returns the commit's hash.
func (r *testRepo) commit(at time.Time, msg string) string {
	r.t.Helper()
	r.git(at, "add", "-A")
	r.git(at, "commit", "-q", "--allow-empty", "-m", msg)
	return r.git(at, "rev-parse", "HEAD")
}

// changeString shows a Change compactly for comparisons.
func changeString(c Change) string {
	s := ""
	if c.Commit != nil {
		s = c.Commit.Subject + ": "
	}
	s += c.NewPath
	if c.OldPath != c.NewPath {
		s = s + " (from " + c.OldPath + ")"
	}
	return s + ": " + hunksString(c.Hunks)
}

// collect runs Git and returns its changes as strings, and its warnings.
func collect(t *testing.T, dir string, opt Options) (changes, warnings []string) {
	t.Helper()
	opt.Warn = func(msg string) { warnings = append(warnings, msg) }
	err := Git(dir, opt, func(c Change) error {
		changes = append(changes, changeString(c))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return changes, warnings
}

const (
	ep1v1 = "00:00:01 Welcome to the show.\n\n00:00:05 We use Jupiter notebooks every day.\n\n00:00:09 And pedantic for validation.\n"
	ep1v2 = "00:00:01 Welcome to the show.\n\n00:00:05 We use Jupyter notebooks every day.\n\n00:00:09 And pedantic for validation.\n"
	vtt1  = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe lint with rough now.\n\n00:00:04.000 --> 00:00:08.000\nIt is fast.\n"
	vtt2  = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe lint with ruff now.\n\n00:00:04.000 --> 00:00:08.000\nIt is fast.\n"
)

// buildHistory makes a repository with the ugly cases Git must handle, and
// returns it with the changes Git should report. The repository is built
// once per test binary (in a directory removed by TestMain); tests must not
// change it.
func buildHistory(t *testing.T) (*testRepo, []string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	history.once.Do(func() {
		dir, err := os.MkdirTemp("", "emend-history-test-")
		if err != nil {
			history.err = err
			return
		}
		history.dir = dir
		r := &testRepo{t: t, dir: dir}
		r.init()
		history.want = fillHistory(r)
	})
	if history.err != nil {
		t.Fatal(history.err)
	}
	return &testRepo{t: t, dir: history.dir}, history.want
}

var history struct {
	once sync.Once
	dir  string
	want []string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if history.dir != "" {
		os.RemoveAll(history.dir)
	}
	os.Exit(code)
}

// fillHistory commits the history of buildHistory and returns the changes
// Git should report.
func fillHistory(r *testRepo) []string {
	// Day 1: additions only (no change reported).
	r.write("transcripts/001 intro.txt", ep1v1)
	r.write("transcripts/002-café.vtt", vtt1)
	r.write("transcripts/crlf.txt", strings.ReplaceAll("00:00:01 Hello.\n\n00:00:03 We like numbie.\n\n00:00:06 Bye.\n", "\n", "\r\n"))
	r.write("transcripts/nonl.txt", "00:00:01 First line.\n\n00:00:04 Last line from Guido van Rossom")
	r.write("notes.md", "Show notes mention Jupiter.\n")
	r.write("logo.png", "\x89PNG\r\n\x1a\n\x00\x00binary")
	r.commit(day(1), "Add episodes")

	// Day 2: a one-line fix, and an edit to a file that is not a transcript.
	r.write("transcripts/001 intro.txt", ep1v2)
	r.write("notes.md", "Show notes mention Jupyter.\n")
	r.commit(day(2), "Fix Jupyter")

	// Day 3: a rename with an edit, in a path with spaces and non-ASCII.
	r.git(day(3), "mv", "transcripts/002-café.vtt", "transcripts/002 café ruff.vtt")
	r.write("transcripts/002 café ruff.vtt", vtt2)
	r.commit(day(3), "Rename and fix ruff")

	// Day 4: a branch edits the CRLF file (keeping CRLF) while main edits
	// the file without a final newline; a merge joins them.
	r.git(day(4), "checkout", "-q", "-b", "side")
	r.write("transcripts/crlf.txt", strings.ReplaceAll("00:00:01 Hello.\n\n00:00:03 We like NumPy.\n\n00:00:06 Bye.\n", "\n", "\r\n"))
	r.commit(day(4), "Fix NumPy on a branch")
	r.git(day(4), "checkout", "-q", "main")
	r.write("transcripts/nonl.txt", "00:00:01 First line.\n\n00:00:04 Last line from Guido van Rossum")
	r.commit(day(4).Add(time.Hour), "Fix Rossum")
	r.git(day(4).Add(2*time.Hour), "merge", "-q", "--no-ff", "-m", "Merge side", "side")

	// Day 5: binary change, mode-only change, line endings only, a final
	// newline added, and an empty commit: none is a correction.
	r.write("logo.png", "\x89PNG\r\n\x1a\n\x00\x00other binary")
	r.git(day(5), "update-index", "--chmod=+x", "transcripts/001 intro.txt")
	r.write("transcripts/nonl.txt", "00:00:01 First line.\n\n00:00:04 Last line from Guido van Rossum\n")
	r.commit(day(5), "Housekeeping")
	r.commit(day(5).Add(time.Hour), "Empty")

	// Day 6: CRLF to LF along with a fix: only the fixed line is a hunk.
	r.write("transcripts/crlf.txt", "00:00:01 Hello.\n\n00:00:03 We like NumPy and pandas.\n\n00:00:06 Bye.\n")
	r.commit(day(6), "LF and pandas")

	// Day 7: an insertion and a deletion; the commit's author date is day 7
	// but it was committed (rebased) on day 9.
	r.write("transcripts/001 intro.txt", "00:00:01 Welcome to the show.\n\n00:00:05 We use Jupyter notebooks every day.\n")
	r.write("transcripts/002 café ruff.vtt", "WEBVTT\n\nNOTE checked\n\n00:00:01.000 --> 00:00:04.000\nWe lint with ruff now.\n\n00:00:04.000 --> 00:00:08.000\nIt is fast.\n")
	r.git(day(7), "add", "-A")
	r.gitDates(day(7), day(9), "commit", "-q", "-m", "Drop a line, add a note")

	want := []string{
		"Fix Jupyter: transcripts/001 intro.txt: 3,3 [00:00:05 We use Jupiter notebooks every day.] -> [00:00:05 We use Jupyter notebooks every day.]",
		"Rename and fix ruff: transcripts/002 café ruff.vtt (from transcripts/002-café.vtt): 4,4 [We lint with rough now.] -> [We lint with ruff now.]",
		"Fix NumPy on a branch: transcripts/crlf.txt: 3,3 [00:00:03 We like numbie.] -> [00:00:03 We like NumPy.]",
		"Fix Rossum: transcripts/nonl.txt: 3,3 [00:00:04 Last line from Guido van Rossom] -> [00:00:04 Last line from Guido van Rossum]",
		"LF and pandas: transcripts/crlf.txt: 3,3 [00:00:03 We like NumPy.] -> [00:00:03 We like NumPy and pandas.]",
		"Drop a line, add a note: transcripts/001 intro.txt: 4,4 [ 00:00:09 And pedantic for validation.] -> []",
		"Drop a line, add a note: transcripts/002 café ruff.vtt: 3,3 [] -> [NOTE checked ]",
	}
	return want
}

func TestGit(t *testing.T) {
	r, want := buildHistory(t)
	var progress []string
	got, warnings := collect(t, r.dir, Options{Progress: func(done, total int) {
		progress = append(progress, fmt.Sprint(done, "/", total))
	}})
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	if len(progress) < 2 || progress[0] != "0/8" || progress[len(progress)-1] != "8/8" {
		t.Errorf("progress: %v, want 0/8 ... 8/8 (8 non-merge commits touch transcripts)", progress)
	}
}

func TestGitCommitInfo(t *testing.T) {
	r, _ := buildHistory(t)
	head := r.git(day(10), "rev-parse", "HEAD")
	parent := r.git(day(10), "rev-parse", "HEAD^")
	var last *Commit
	err := Git(r.dir, Options{}, func(c Change) error {
		last = c.Commit
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if last == nil {
		t.Fatal("no changes")
	}
	want := Commit{Hash: head, Parents: []string{parent}, Author: "Test Editor", Date: day(7), Subject: "Drop a line, add a note"}
	if last.Hash != want.Hash || strings.Join(last.Parents, " ") != parent || last.Author != want.Author ||
		!last.Date.Equal(want.Date) || last.Subject != want.Subject {
		t.Errorf("commit %+v, want %+v", *last, want)
	}
}

func TestGitDates(t *testing.T) {
	r, all := buildHistory(t)
	tests := []struct {
		name         string
		since, until time.Time
		want         []string
	}{
		{"no bounds", time.Time{}, time.Time{}, all},
		{"since is inclusive", day(3), time.Time{}, all[1:]},
		{"until is exclusive", time.Time{}, day(3), all[:1]},
		{"both", day(2), day(5), all[:4]},
		// The last commit was authored on day 7 and committed on day 9:
		// the author date counts.
		{"author date", day(7), day(8), all[5:]},
		{"empty window", day(8), day(12), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := collect(t, r.dir, Options{Since: tt.since, Until: tt.until})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestGitInclude(t *testing.T) {
	r, _ := buildHistory(t)
	got, _ := collect(t, r.dir, Options{Include: func(p string) bool { return strings.HasSuffix(p, ".md") }})
	want := "Fix Jupyter: notes.md: 1,1 [Show notes mention Jupiter.] -> [Show notes mention Jupyter.]"
	if strings.Join(got, "\n") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestGitStop(t *testing.T) {
	r, _ := buildHistory(t)
	stop := errors.New("enough")
	n := 0
	err := Git(r.dir, Options{}, func(Change) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d calls, want the callback's error after 1", err, n)
	}
}

// TestGitMissingObject deletes the blob of a file's second version: the two
// commits that need it are reported and skipped, the others are read.
func TestGitMissingObject(t *testing.T) {
	r := newTestRepo(t)
	versions := []string{"We use Jupiter.\n", "We use Jupyter.\n", "We use Jupyter daily.\n", "We use Jupyter every day.\n"}
	var hashes []string
	for i, v := range versions {
		r.write("ep.txt", v)
		r.write("other.txt", fmt.Sprintf("line %d\n", i))
		hashes = append(hashes, r.commit(day(i+1), fmt.Sprintf("v%d", i+1)))
	}
	blob := r.git(day(9), "rev-parse", hashes[1]+":ep.txt")
	obj := filepath.Join(r.dir, ".git", "objects", blob[:2], blob[2:])
	if err := os.Remove(obj); err != nil {
		t.Fatalf("remove blob: %v", err)
	}
	got, warnings := collect(t, r.dir, Options{})
	want := []string{
		"v4: ep.txt: 1,1 [We use Jupyter daily.] -> [We use Jupyter every day.]",
		"v4: other.txt: 1,1 [line 2] -> [line 3]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(warnings) != 2 || !strings.Contains(warnings[0], hashes[1]) || !strings.Contains(warnings[1], hashes[2]) {
		t.Errorf("warnings %q, want one for %s and one for %s", warnings, hashes[1], hashes[2])
	}

	// Snapshot at v2 lacks ep.txt but has other.txt.
	files, err := Snapshot(r.dir, day(2), nil)
	var missing *MissingError
	if !errors.As(err, &missing) || len(missing.Paths) != 1 || missing.Paths[0] != "ep.txt" {
		t.Errorf("Snapshot error %v, want ep.txt missing", err)
	}
	if string(files["other.txt"]) != "line 1\n" || len(files) != 1 {
		t.Errorf("Snapshot files %q", files)
	}
}

func TestGitErrors(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	plain := t.TempDir()
	noop := func(Change) error { return nil }
	if err := Git(filepath.Join(plain, "absent"), Options{}, noop); err == nil {
		t.Error("no error for a missing directory")
	}
	if err := Git(plain, Options{}, noop); err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Errorf("plain directory: %v, want not a git repository", err)
	}
	// An empty repository has no history: no error, no change.
	r := newTestRepo(t)
	calls := 0
	if err := Git(r.dir, Options{}, func(Change) error { calls++; return nil }); err != nil || calls != 0 {
		t.Errorf("empty repository: %v, %d calls", err, calls)
	}
	if files, err := Snapshot(r.dir, time.Time{}, nil); err != nil || len(files) != 0 {
		t.Errorf("empty repository snapshot: %v, %d files", err, len(files))
	}
	t.Setenv("PATH", plain)
	if err := Git(r.dir, Options{}, noop); err == nil || !strings.Contains(err.Error(), "git is not installed") {
		t.Errorf("without git: %v", err)
	}
}

// TestSnapshotBranchMergedLate: work done on a branch merged only much
// later is how the repository stood in between, not the stale state of
// the first-parent history (Talk Python's main of 2023).
func TestSnapshotBranchMergedLate(t *testing.T) {
	r := gittest.New(t)
	r.Commit("2023-01-01T12:00:00Z", "first", map[string]string{"transcripts/001-a.txt": "00:00:01 One.\n"})
	r.GitAt("2023-01-02T12:00:00Z", "checkout", "-q", "-b", "master")
	r.Commit("2023-03-01T12:00:00Z", "add 002", map[string]string{"transcripts/002-b.txt": "00:00:01 Two.\n"})
	r.GitAt("2023-06-01T12:00:00Z", "checkout", "-q", "main")
	r.GitAt("2024-01-05T12:00:00Z", "merge", "-q", "--no-ff", "-m", "merge master", "master")
	files, err := Snapshot(r.Dir, time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := files["transcripts/002-b.txt"]; !ok || len(files) != 2 {
		t.Errorf("at the end of 2023: %q, want both episodes", keys(files))
	}
}

func TestSnapshot(t *testing.T) {
	r, _ := buildHistory(t)
	tests := []struct {
		name string
		at   time.Time
		want map[string]string // path: content, or "" to check presence only
	}{
		{"before the first commit", day(1).Add(-time.Hour), map[string]string{}},
		{"day 2", day(2).Add(time.Minute), map[string]string{
			"transcripts/001 intro.txt": ep1v2, "transcripts/002-café.vtt": vtt1,
			"transcripts/crlf.txt": "", "transcripts/nonl.txt": "",
		}},
		{"exactly at a commit", day(3), map[string]string{
			"transcripts/001 intro.txt": ep1v2, "transcripts/002 café ruff.vtt": vtt2,
			"transcripts/crlf.txt": "", "transcripts/nonl.txt": "",
		}},
		// The branch commit of day 4 came before main's commit of an
		// hour later, the latest work at 13:30; the merge is later.
		{"branch not merged yet", day(4).Add(90 * time.Minute), map[string]string{
			"transcripts/001 intro.txt": ep1v2, "transcripts/002 café ruff.vtt": vtt2,
			"transcripts/crlf.txt": strings.ReplaceAll("00:00:01 Hello.\n\n00:00:03 We like numbie.\n\n00:00:06 Bye.\n", "\n", "\r\n"),
			"transcripts/nonl.txt": "",
		}},
		{"HEAD", time.Time{}, map[string]string{
			"transcripts/001 intro.txt": "", "transcripts/002 café ruff.vtt": "",
			"transcripts/crlf.txt": "00:00:01 Hello.\n\n00:00:03 We like NumPy and pandas.\n\n00:00:06 Bye.\n",
			"transcripts/nonl.txt": "",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Snapshot(r.dir, tt.at, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != len(tt.want) {
				t.Errorf("%d files, want %d: %q", len(files), len(tt.want), keys(files))
			}
			for p, want := range tt.want {
				got, ok := files[p]
				if !ok {
					t.Errorf("%s missing", p)
				} else if want != "" && string(got) != want {
					t.Errorf("%s = %q, want %q", p, got, want)
				}
			}
		})
	}
	files, err := Snapshot(r.dir, time.Time{}, func(p string) bool { return p == "notes.md" })
	if err != nil || len(files) != 1 || string(files["notes.md"]) != "Show notes mention Jupyter.\n" {
		t.Errorf("include notes.md: %v %q", err, files)
	}
}

func TestAdded(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	r := &testRepo{t: t, dir: t.TempDir()}
	r.init()
	fillHistory(r)
	r.write("transcripts/003-new.txt", "00:00:01 A new episode about pie test.\n")
	r.commit(day(10), "Add episode 3")
	r.write("transcripts/003-new.txt", "00:00:01 A new episode about pytest.\n")
	r.commit(day(11), "Fix pytest")
	r.write("transcripts/004-later.txt", "00:00:01 Later.\n")
	r.commit(day(13), "Add episode 4")

	tests := []struct {
		name         string
		since, until time.Time
		want         map[string]string
	}{
		// The renamed file of day 3 is not new; episode 3 comes as first added.
		{"after day 2", day(2).Add(time.Hour), day(12), map[string]string{
			"transcripts/003-new.txt": "00:00:01 A new episode about pie test.\n",
		}},
		{"until is inclusive", day(10).Add(-time.Hour), day(10), map[string]string{
			"transcripts/003-new.txt": "00:00:01 A new episode about pie test.\n",
		}},
		{"no end", day(12), time.Time{}, map[string]string{"transcripts/004-later.txt": "00:00:01 Later.\n"}},
		{"nothing new", day(11), day(12), map[string]string{}},
		{"from the beginning", time.Time{}, day(1), map[string]string{
			"transcripts/001 intro.txt": ep1v1, "transcripts/002-café.vtt": vtt1,
			"transcripts/crlf.txt": strings.ReplaceAll("00:00:01 Hello.\n\n00:00:03 We like numbie.\n\n00:00:06 Bye.\n", "\n", "\r\n"),
			"transcripts/nonl.txt": "00:00:01 First line.\n\n00:00:04 Last line from Guido van Rossom",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Added(r.dir, tt.since, tt.until, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != len(tt.want) {
				t.Errorf("files %q, want %d", keys(files), len(tt.want))
			}
			for p, want := range tt.want {
				if got := string(files[p]); got != want {
					t.Errorf("%s = %q, want %q", p, got, want)
				}
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	var k []string
	for p := range m {
		k = append(k, p)
	}
	return k
}
