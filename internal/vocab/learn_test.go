package vocab

import (
	"strings"
	"testing"
)

// transcriptText is corrected transcript text as a show would have it:
// segments that start sentences, names mid-sentence, ordinary words
// capitalised only at sentence starts.
var transcriptText = []string{
	"Welcome to the show. Today we talk about FastAPI with Sebastián Ramírez.",
	"I think FastAPI changed how people build APIs. OK, so let's start.",
	"So Sebastián Ramírez, how did FastAPI start? Well, it started with Starlette and Pydantic.",
	"Yeah. I was using Flask and Django, and I wanted type hints to do the work.",
	"Then Pydantic came along. People install it with pip or pipx, or with uv these days.",
	"Rich is a library, but rich people are not what we mean. The rich text is nice.",
	"rich output in the terminal is what Rich gives you, and rich formatting.",
	"Guido van Rossum said the GIL would go. Guido van Rossum was right, the GIL is optional now.",
	"We use scikit-learn and NumPy, and scikit-learn works with pandas. It's built-in, a real-time thing.",
	"Check talkpython.fm for the episode. talkpython.fm has the transcripts. It's a built-in feature.",
	"Dagster runs the pipelines. With Dagster you write assets in Python.",
	"Python is everywhere. We love Python, and Python loves NumPy.",
	"Monday was busy, and on Monday I said OK to everything. I'm tired, I'll rest.",
	"Hugging Face hosts models. We pulled them from Hugging Face yesterday.",
	"THE END is not a name. The end is near, the end.",
	"Spell it L-I-N-O-D-E, in the U.S and the U.S too. L-I-N-O-D-E again.",
	"Typer builds CLIs; we like Typer. Faker fakes data, and Faker is handy.",
}

func TestLearn(t *testing.T) {
	got := Learn(transcriptText)
	uses := map[string]int{}
	for _, u := range got {
		uses[u.Text] = u.Uses
	}
	for want, n := range map[string]int{
		"FastAPI":           3,
		"Sebastián Ramírez": 2,
		"Pydantic":          2,
		"Guido van Rossum":  2,
		"GIL":               2,
		"scikit-learn":      2,
		"NumPy":             2,
		"talkpython.fm":     2,
		"Dagster":           2, // once at a sentence start, once within one
		"Python":            4,
		"Hugging Face":      2,
		"Typer":             2, // not "type" + "-er"
		"Faker":             2,
		"CLIs":              0, // seen once
	} {
		if uses[want] != n {
			t.Errorf("uses of %q = %d, want %d", want, uses[want], n)
		}
	}
	for _, bad := range []string{
		"I", "OK", "So", "Yeah", "The", "Then", "Welcome", "Today", "Well", "People",
		"Monday", "I'm", "I'll", "It's", "Rich", "rich", "built-in", "real-time",
		"THE", "END", "THE END", "We", "Check", "L-I-N-O-D-E", "U.S", "Spell",
	} {
		if n, ok := uses[bad]; ok {
			t.Errorf("learned %q (%d uses)", bad, n)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].Uses < got[i].Uses || got[i-1].Uses == got[i].Uses && got[i-1].Text > got[i].Text {
			t.Errorf("not sorted by uses then text: %v before %v", got[i-1], got[i])
		}
	}
}

func TestLearnOnceIsNotEnough(t *testing.T) {
	got := Learn([]string{"We tried Daxter once, and then pytest-xdist, and the GIL."})
	if len(got) != 0 {
		t.Errorf("Learn took %v from a text where each name is seen once", got)
	}
}

func TestLearnEmpty(t *testing.T) {
	if got := Learn(nil); len(got) != 0 {
		t.Errorf("Learn(nil) = %v", got)
	}
	if got := Learn([]string{"", "   ", "...", "’s"}); len(got) != 0 {
		t.Errorf("Learn of blanks = %v", got)
	}
}

func TestWordShape(t *testing.T) {
	for w, want := range map[string]int{
		"pandas": shapeLower, "don't": shapeLower, "scikit-learn": shapeJoined, "talkpython.fm": shapeJoined,
		"Python": shapeCapital, "Node.js": shapeCapital, "API": shapeAcronym, "GPT-4": shapeAcronym,
		"FastAPI": shapeInner, "iPhone": shapeInner, "3D": shapeLower, "Łukasz": shapeCapital,
	} {
		if got := wordShape(w); got != want {
			t.Errorf("wordShape(%q) = %d, want %d", w, got, want)
		}
	}
}

func TestSentenceStart(t *testing.T) {
	text := `Go. "Then (Python) said: Rust! and` + "\nZig"
	for w, want := range map[string]bool{"Go": true, "Then": true, "Python": false, "Rust": true, "and": true, "Zig": true} {
		i := strings.Index(text, w)
		if got := sentenceStart(text, i); got != want {
			t.Errorf("sentenceStart at %q = %v, want %v", w, got, want)
		}
	}
}
