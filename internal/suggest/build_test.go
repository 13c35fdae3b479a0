package suggest

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/library"
)

func TestLearnCache(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "transcripts")
	os.MkdirAll(dir, 0o755)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("001-a.txt", "00:00:00 We use Dagster and FastAPI. Dagster schedules it.\n\n00:00:05 FastAPI serves it.\n")
	write("002-b.txt", "00:00:00 Dagster again, with FastAPI.\n")
	write("003-new.txt", "00:00:00 Raw words: Daxter and fast API.\n")
	write("003-new.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nRaw words: Daxter and fast API.\n")
	l, built, err := Learn(root, []string{filepath.Join(dir, "003-new.txt")}, nil)
	if err != nil || !built {
		t.Fatalf("first learn: built %v, %v", built, err)
	}
	if l.Model.Count("daxter") != 0 || l.Model.Count("dagster") != 3 {
		t.Errorf("the episode proposed on, or its .vtt, taught the model: daxter %d, dagster %d", l.Model.Count("daxter"), l.Model.Count("dagster"))
	}
	l2, built, err := Learn(root, []string{filepath.Join(dir, "003-new.txt")}, nil)
	if err != nil || built {
		t.Fatalf("second learn: built %v, %v", built, err)
	}
	if !reflect.DeepEqual(l.Terms, l2.Terms) || l2.Model.Count("dagster") != 3 {
		t.Errorf("the cache gives other terms: %v, %v", l.Terms, l2.Terms)
	}
	// A changed transcript makes it learn again.
	later := time.Now().Add(time.Minute)
	write("002-b.txt", "00:00:00 Dagster again, with FastAPI and Dagster.\n")
	os.Chtimes(filepath.Join(dir, "002-b.txt"), later, later)
	l3, built, err := Learn(root, []string{filepath.Join(dir, "003-new.txt")}, nil)
	if err != nil || !built || l3.Model.Count("dagster") != 4 {
		t.Errorf("after a change: built %v, dagster %d, %v", built, l3.Model.Count("dagster"), err)
	}
	// Proposals for the whole library: it teaches what it has.
	all, _, err := Learn(root, []string{filepath.Join(dir, "001-a.txt"), filepath.Join(dir, "002-b.txt"), filepath.Join(dir, "003-new.txt")}, nil)
	if err != nil || all.Model.Count("daxter") != 1 {
		t.Errorf("whole library: daxter %d, %v", all.Model.Count("daxter"), err)
	}
}

func FuzzLearned(f *testing.F) {
	f.Add([]byte("12\tFastAPI\n3\tDagster\nnotes\tSebastián Ramírez\n"))
	f.Add([]byte("x\ty\n-1\tneg\n\tempty\nnotes\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		terms, notes := parseLearned(data)
		t2, n2 := parseLearned(formatLearned(terms, notes))
		if !reflect.DeepEqual(terms, t2) && !(len(terms) == 0 && len(t2) == 0) || !reflect.DeepEqual(notes, n2) && !(len(notes) == 0 && len(n2) == 0) {
			t.Fatalf("round trip: %v %v, then %v %v", terms, notes, t2, n2)
		}
	})
}

// A library the caller has scanned teaches what the files read anew do,
// and is left as it was: the caller goes on to propose on it.
func TestLearnFromScanned(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "transcripts")
	os.MkdirAll(dir, 0o755)
	for name, text := range map[string]string{
		"001-a.txt":   "00:00:00 We use Dagster and FastAPI. Dagster schedules it.\n",
		"002-b.txt":   "00:00:00 Dagster again, with FastAPI.\n",
		"003-new.txt": "00:00:00 Raw words: Daxter and fast API.\n",
		"003-new.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nRaw words: Daxter and fast API.\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lib, err := library.Scan([]string{root}, nil)
	if err != nil {
		t.Fatal(err)
	}
	files, copies := len(lib.Files), 0
	for _, ep := range lib.Episodes {
		copies += len(ep.Copies)
	}
	exclude := []string{filepath.Join(dir, "003-new.txt")}
	l, built, err := learn(root, lib, exclude, nil)
	if err != nil || !built {
		t.Fatalf("learn: built %v, %v", built, err)
	}
	if l.Model.Count("daxter") != 0 || l.Model.Count("dagster") != 3 {
		t.Errorf("from the scanned library: daxter %d, dagster %d", l.Model.Count("daxter"), l.Model.Count("dagster"))
	}
	after := 0
	for _, ep := range lib.Episodes {
		after += len(ep.Copies)
	}
	if len(lib.Files) != files || after != copies {
		t.Errorf("learn changed the caller's library: %d files, %d copies; was %d, %d", len(lib.Files), after, files, copies)
	}
	os.RemoveAll(filepath.Join(root, CacheDir))
	fresh, _, err := Learn(root, exclude, nil)
	if err != nil || !reflect.DeepEqual(fresh.Terms, l.Terms) || !reflect.DeepEqual(fresh.Notes, l.Notes) {
		t.Errorf("read anew: %v %v; from the scanned library: %v %v (%v)", fresh.Terms, fresh.Notes, l.Terms, l.Notes, err)
	}
}

// The copies of the episode proposed on elsewhere in the library (its
// captions, another format) are as raw as it is, and teach nothing; the
// other episodes there still teach.
func TestLearnLeavesOutEveryCopy(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("transcripts/001-a.txt", "00:00:00 We use Dagster daily.\n")
	write("transcripts/003-new.txt", "00:00:00 Raw words: Daxter runs it.\n")
	write("captions/003-live-stream.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nRaw words: Daxter runs it.\n")
	write("captions/004-other.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nDagster again.\n")
	write("other/unnumbered.txt", "00:00:00 Daxter, said once elsewhere.\n")
	l, _, err := Learn(root, []string{filepath.Join(root, "transcripts/003-new.txt")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Model.Count("daxter") != 1 || l.Model.Count("dagster") != 2 {
		t.Errorf("daxter %d (want 1: only the unnumbered file's), dagster %d (want 2)", l.Model.Count("daxter"), l.Model.Count("dagster"))
	}
}

// Root is the library beside emend.toml, whatever part of it is named;
// without one, the directory given (a file's own).
func TestRoot(t *testing.T) {
	lib := t.TempDir()
	for _, d := range []string{"transcripts/sub", "loose"} {
		os.MkdirAll(filepath.Join(lib, "show", d), 0o755)
	}
	os.WriteFile(filepath.Join(lib, "show", "emend.toml"), []byte("name = \"Show\"\n"), 0o644)
	ep := filepath.Join(lib, "show", "transcripts", "sub", "001-a.txt")
	os.WriteFile(ep, []byte("00:00:00 Hi.\n"), 0o644)
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "001-a.txt"), []byte("00:00:00 Hi.\n"), 0o644)
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	for _, c := range []struct{ path, want string }{
		{ep, filepath.Join(lib, "show")},
		{filepath.Join(lib, "show", "transcripts"), filepath.Join(lib, "show")},
		{filepath.Join(other, "001-a.txt"), other},
		{other, other},
	} {
		if got := Root([]string{c.path}); abs(got) != c.want {
			t.Errorf("Root(%s) = %s, want %s", c.path, got, c.want)
		}
	}
}
