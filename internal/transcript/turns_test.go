package transcript

import (
	"reflect"
	"testing"
)

func TestTurns(t *testing.T) {
	tests := []struct {
		name, in string
		seg      int
		want     []Turn
	}{
		{"two voices", "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ann>Hi there.</v> <v Bob>Hello &amp; welcome.\n", 0, []Turn{{10, "Bob"}}},
		{"voice on the second line", "WEBVTT\n\n1\n00:00.000 --> 00:02.000 align:start\n<v Ann>Hi there.\n<v Bob>Hello.\n", 0, []Turn{{10, "Bob"}}},
		{"crlf", "WEBVTT\r\n\r\n00:00.000 --> 00:02.000\r\n<v Ann>Hi.\r\n<v Bob>Yo.\r\n", 0, []Turn{{4, "Bob"}}},
		{"same voice twice", "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ann>Hi.</v> <v Ann>Again.\n", 0, nil},
		{"one voice", "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ann>Hi.\n", 0, nil},
		{"no voice", "WEBVTT\n\n00:00.000 --> 00:02.000\nHi.\n", 0, nil},
		{"second cue", "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ann>A.\n\n00:01.000 --> 00:02.000\n<v Ann>B. <v Cy>C <v Ann>D\n", 1, []Turn{{3, "Cy"}, {5, "Ann"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := Read("x.vtt", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got := ep.Turns(tt.seg)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Turns = %v, want %v (text %q)", got, tt.want, ep.Segments[tt.seg].Text)
			}
			for _, tn := range got {
				if tn.Off <= 0 || tn.Off > len(ep.Segments[tt.seg].Text) {
					t.Fatalf("turn %v outside the text %q", tn, ep.Segments[tt.seg].Text)
				}
			}
		})
	}
	// A segment whose text was changed in memory has no turns.
	ep, _ := Read("x.vtt", []byte(tests[0].in))
	ep.Segments[0].Text = "changed"
	if got := ep.Turns(0); got != nil {
		t.Fatalf("Turns of a changed segment = %v", got)
	}
}
