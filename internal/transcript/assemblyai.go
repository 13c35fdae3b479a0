package transcript

import "strings"

// AssemblyAI JSON: what the AssemblyAI speech recognition service returns,
// as producers keep it beside their transcripts. The whole transcript
// ("utterances" by speaker, and "words"), its "sentences" or its
// "paragraphs":
//
//	{"sentences": [
//	  {"text": "Hello.", "start": 240, "end": 1350, "confidence": 0.98,
//	   "speaker": "A", "words": [...]}, ...], "id": "...", ...}
//
// Times are milliseconds. The first of "paragraphs", "sentences",
// "utterances" or, failing them, "words" that the object holds as an array
// gives the segments; a speaker is AssemblyAI's label ("A", "B"). The
// words of each segment are left aside. The format is read only: its words and their times would
// have to change with any edit of the text.

var assemblyAISchema = &jsonSchema{
	format: AssemblyAI, what: "an AssemblyAI transcript",
	arrays: []string{"paragraphs", "sentences", "utterances", "words"}, text: "text", start: "start", end: "end",
	perSecond: 1000,
}

func readAssemblyAI(in *input) *Episode { return readJSONAs(in, assemblyAISchema) }

func sniffAssemblyAI(text string) int {
	t := strings.TrimLeft(strings.TrimPrefix(text, bom), " \t\r\n")
	if !strings.HasPrefix(t, "{") || strings.Contains(t, `"segments"`) {
		return 0
	}
	if !strings.Contains(t, `"text"`) || !strings.Contains(t, `"start"`) {
		return 0
	}
	// A whole transcript's "utterances" may stand past what detection
	// reads, after its "words"; its settings come first.
	for _, k := range []string{`"paragraphs"`, `"sentences"`, `"utterances"`, `"acoustic_model"`, `"audio_url"`} {
		if strings.Contains(t, k) {
			return 85
		}
	}
	return 0
}
