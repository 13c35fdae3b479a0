package transcript

import (
	"strings"
	"testing"
)

func TestSniffAssemblyAI(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     int
	}{
		{"sentences", `{"sentences": [{"text": "Hi.", "start": 0, "end": 900}], "id": "x"}`, 85},
		{"paragraphs", "\ufeff{\n  \"paragraphs\": [{\"text\": \"Hi.\", \"start\": 0, \"end\": 900}]}", 85},
		{"whole transcript, utterances past the window", `{"id": "x", "acoustic_model": "default", "text": "Hi.", "words": [{"text": "Hi.", "start": 0, "end": 900}]`, 85},
		{"Podcasting 2.0", `{"version": "1.0.0", "segments": [{"body": "Hi.", "startTime": 0, "endTime": 1}], "sentences": []}`, 0},
		{"other JSON", `{"name": "emend", "version": "1.0.0", "text": "x"}`, 0},
		{"an array", `[{"text": "Hi.", "start": 0}]`, 0},
		{"prose", "Our sentences start with a capital.\n", 0},
	} {
		if got := sniffAssemblyAI(c.in); got != c.want {
			t.Errorf("%s: sniffAssemblyAI = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestAssemblyAIProblems: a broken segment is reported, and the others are
// read.
func TestAssemblyAIProblems(t *testing.T) {
	in := "{\"sentences\": [\n{\"text\": \"One.\", \"start\": 0, \"end\": 900},\n{\"text\": 7, \"start\": -5, \"end\": 1900},\n{\"text\": \"Three.\", \"start\": 2000}\n]}\n"
	ep, err := ReadAs("x.json", []byte(in), AssemblyAI)
	if len(ep.Segments) != 3 || ep.Segments[0].Text != "One." || ep.Segments[2].Text != "Three." {
		t.Fatalf("segments %q", texts(ep))
	}
	want := []string{`"text" is not a string`, `"start" is negative`, `segment has no "end"`}
	list, _ := err.(ErrorList)
	if len(list) != len(want) {
		t.Fatalf("problems %v, want %d", err, len(want))
	}
	for i, w := range want {
		if got := list[i].Msg; !strings.Contains(got, w) {
			t.Errorf("problem %d: %q, want %q", i, got, w)
		}
	}
}

func FuzzAssemblyAI(f *testing.F) {
	addSeeds(f, AssemblyAI)
	f.Add([]byte(`{"words": [{"text": "a", "start": 1, "end": 2}], "utterances": null, "sentences": [{"text": 3}]}`))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, AssemblyAI) })
}
