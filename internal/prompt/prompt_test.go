package prompt

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestLines: from a pipe or a file, answers are lines, trimmed, and the
// end of the input ends the prompt's line.
func TestLines(t *testing.T) {
	var out strings.Builder
	r := New(strings.NewReader(" a \n\nFast API\nr"), &out)
	if r.Keys() {
		t.Fatal("a string reader reads keys")
	}
	for _, want := range []string{"a", "", "Fast API", "r"} {
		got, err := r.Key("? ")
		if err != nil || got != want {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
	}
	if _, err := r.Line("? "); !errors.Is(err, io.EOF) {
		t.Fatalf("at the end: %v, want EOF", err)
	}
	if got := out.String(); got != "? ? ? ? ? \n" {
		t.Errorf("prompts %q", got)
	}
}
