package transcript

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// TestGolden reads every input under testdata/golden/FORMAT/ and checks:
// that its format is detected as FORMAT from the content alone; that the
// episode and the problems read from it match NAME.golden; and, for
// writable formats, that writing it back reproduces the input byte for byte.
// Run with -update to rewrite the .golden files after a deliberate change.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/golden/*/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") || strings.Contains(filepath.Base(in), ".out.") {
			continue
		}
		n++
		want := Format(filepath.Base(filepath.Dir(in)))
		t.Run(filepath.Base(filepath.Dir(in))+"/"+filepath.Base(in), func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got, derr := Detect(data)
			if derr != nil || got != want {
				t.Errorf("detected %q (%v), want %q", got, derr, want)
			}
			ep, err := ReadAs(filepath.Base(in), data, want)
			dump := Dump(ep, err)
			checkGolden(t, in+".golden", dump)
			if ep != nil && codecFor(want).write != nil {
				out, merr := Marshal(ep, want)
				if merr != nil {
					t.Fatal(merr)
				}
				if !bytes.Equal(out, data) {
					t.Errorf("written back, the file differs:\n%s", firstDiff(data, out))
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no golden inputs found")
	}
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n%s", path, firstDiff(want, []byte(got)))
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			return fmt.Sprintf("line %d:\nwant %q\n got %q", i+1, w, g)
		}
	}
	return "(no difference in lines)"
}

// convertInputs are the golden inputs that TestConvertGolden writes in
// every writable format: one rich file of each kind of source.
var convertInputs = []string{
	"vtt/quirks.vtt",
	"srt/speakers.srt",
	"txt/windows.txt",
	"captions/inline.txt",
	"webpage/512-typed-dataframes.txt",
	"text/speakers.txt",
	"json/quirks.json",
	"html/page.html",
}

// TestConvertGolden converts rich inputs to every writable format and
// compares with testdata/convert/NAME.FORMAT; each output must also read
// back, in its format, to the same texts.
func TestConvertGolden(t *testing.T) {
	for _, in := range convertInputs {
		data, err := os.ReadFile(filepath.Join("testdata", "golden", in))
		if err != nil {
			t.Fatal(err)
		}
		ep, _ := Read(in, data)
		for _, f := range WritableFormats() {
			if f == ep.Format {
				continue
			}
			name := strings.ReplaceAll(in, "/", "-") + "." + string(f)
			t.Run(name, func(t *testing.T) {
				out, err := Marshal(ep, f)
				if err != nil {
					t.Fatal(err)
				}
				checkGolden(t, filepath.Join("testdata", "convert", name), string(out))
				back, err := ReadAs(name, out, f)
				if err != nil {
					t.Fatalf("output does not read back: %v", err)
				}
				if len(back.Segments) != len(ep.Segments) {
					t.Fatalf("reads back as %d segments, want %d", len(back.Segments), len(ep.Segments))
				}
				for i := range back.Segments {
					if got, want := oneLine(back.Segments[i].Text), oneLine(ep.Segments[i].Text); got != want && f != TimedText && f != Text {
						t.Errorf("segment %d reads back as %q, want %q", i, got, want)
					}
				}
			})
		}
	}
}
