package asr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/vocab"
)

// The services' documented limits (see docs/vocab-export.md for where
// each is documented).
const (
	// DeepgramMaxKeyterms is how many keyterms Deepgram's Nova-3 takes
	// ("up to 100"), and DeepgramMaxTokens the tokens they may hold
	// together (the "500-token keyterm limit").
	DeepgramMaxKeyterms = 100
	DeepgramMaxTokens   = 500
	// AssemblyAIMaxBoost is how many word_boost (and keyterms_prompt)
	// phrases AssemblyAI takes, of at most AssemblyAIMaxWords words each.
	AssemblyAIMaxBoost = 1000
	AssemblyAIMaxWords = 6
	// AssemblyAIMaxSpellings caps custom_spelling, whose limit is not
	// documented: emend's own cap, the size of word_boost's.
	AssemblyAIMaxSpellings = 1000
	// SpeechmaticsMaxVocab is how many additional_vocab entries
	// Speechmatics recommends at most per job (it rejects more than
	// 20,000).
	SpeechmaticsMaxVocab = 1000
	// SpeechmaticsMaxSoundsLike caps the sounds_like of an entry: emend's
	// own, to keep a term's wrong forms to the ones that matter.
	SpeechmaticsMaxSoundsLike = 5
	// WhisperMaxTokens is the prompt Whisper keeps: the last 224 tokens
	// (openai-whisper and faster-whisper keep n_text_ctx/2 - 1 = 223 of
	// them; hotwords are cut to the same 223).
	WhisperMaxTokens = 223
)

// Services are the names Export takes.
var Services = []string{"deepgram", "assemblyai", "speechmatics", "whisper", "list"}

// Options tune an export.
type Options struct {
	// Limit is the most terms written (0: the service's limit); it may
	// only lower the service's limit.
	Limit int
	// Query writes Deepgram's keyterms as URL query parameters instead of
	// JSON.
	Query bool
}

// Export writes the terms, most corrected first, for a service: as the
// JSON its API takes (a part of the request, to merge into one), within
// its documented limits. "list" writes a table of the ranking instead.
func Export(service string, terms []*Term, opt Options) ([]byte, error) {
	var v any
	switch service {
	case "deepgram":
		ks := Deepgram(terms, opt.Limit)
		if opt.Query {
			q := make([]string, len(ks))
			for i, k := range ks {
				q[i] = "keyterm=" + url.QueryEscape(k)
			}
			return []byte(strings.Join(q, "&") + "\n"), nil
		}
		v = map[string]any{"keyterm": ks}
	case "assemblyai":
		v = AssemblyAI(terms, opt.Limit)
	case "speechmatics":
		v = map[string]any{"additional_vocab": Speechmatics(terms, opt.Limit)}
	case "whisper":
		v = Whisper(terms, opt.Limit)
	case "list":
		return List(terms, opt.Limit), nil
	default:
		return nil, fmt.Errorf("unknown service %q: want %s", service, strings.Join(Services, ", "))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func capped(limit, max int) int {
	if limit > 0 && limit < max {
		return limit
	}
	return max
}

// Deepgram returns the keyterms for Deepgram's Nova-3: the terms as
// spelled (Deepgram writes a keyterm as given), at most
// DeepgramMaxKeyterms and DeepgramMaxTokens tokens together, estimated
// (see EstimateTokens).
func Deepgram(terms []*Term, limit int) []string {
	out := []string{}
	tokens := 0
	for _, t := range terms {
		if len(out) >= capped(limit, DeepgramMaxKeyterms) {
			break
		}
		n := EstimateTokens(t.Text)
		if tokens+n > DeepgramMaxTokens {
			continue // a shorter term may still fit
		}
		tokens += n
		out = append(out, t.Text)
	}
	return out
}

// AssemblyAIConfig is the part of an AssemblyAI transcription request
// emend writes.
type AssemblyAIConfig struct {
	CustomSpelling []CustomSpelling `json:"custom_spelling"`
	WordBoost      []string         `json:"word_boost"`
	BoostParam     string           `json:"boost_param"`
}

// CustomSpelling is one custom_spelling entry: the spellings to replace
// (AssemblyAI matches them in any case) and the one to write.
type CustomSpelling struct {
	From []string `json:"from"`
	To   string   `json:"to"`
}

// AssemblyAI returns custom_spelling, for the terms corrected blindly
// (never a correction people made only in some contexts, nor one whose
// wrong words are ordinary English) whose right spelling is one word, as
// AssemblyAI's documentation requires of "to"; and word_boost, every term
// in its spoken form (punctuation out, digits as words: "scikit learn",
// "pep eight"), of at most AssemblyAIMaxWords words.
func AssemblyAI(terms []*Term, limit int) AssemblyAIConfig {
	cfg := AssemblyAIConfig{CustomSpelling: []CustomSpelling{}, WordBoost: []string{}, BoostParam: "high"}
	seenBoost := map[string]bool{}
	for _, t := range terms {
		if len(cfg.CustomSpelling) < capped(limit, AssemblyAIMaxSpellings) && len(strings.Fields(t.Text)) == 1 {
			var from []string
			for _, h := range t.Heard {
				if h.Blind && h.Text != t.Text && len(strings.Fields(h.Text)) <= AssemblyAIMaxWords {
					from = append(from, h.Text)
				}
			}
			if len(from) > 0 {
				cfg.CustomSpelling = append(cfg.CustomSpelling, CustomSpelling{From: from, To: t.Text})
			}
		}
		if len(cfg.WordBoost) < capped(limit, AssemblyAIMaxBoost) {
			s := Spoken(t.Text)
			if s != "" && len(strings.Fields(s)) <= AssemblyAIMaxWords && !seenBoost[s] {
				seenBoost[s] = true
				cfg.WordBoost = append(cfg.WordBoost, s)
			}
		}
	}
	return cfg
}

// Vocab is one Speechmatics additional_vocab entry.
type Vocab struct {
	Content    string   `json:"content"`
	SoundsLike []string `json:"sounds_like,omitempty"`
}

// Speechmatics returns additional_vocab: each term, with the ways speech
// recognition wrote it that sound otherwise than its spelling reads
// ("pedantic" for Pydantic, not "Github" for GitHub) and its spoken forms
// (".NET": "dot net"), as words in lower case (see Spoken), at most SpeechmaticsMaxSoundsLike;
// at most SpeechmaticsMaxVocab entries.
func Speechmatics(terms []*Term, limit int) []Vocab {
	out := []Vocab{}
	for _, t := range terms {
		if len(out) >= capped(limit, SpeechmaticsMaxVocab) {
			break
		}
		v := Vocab{Content: t.Text}
		seen := map[string]bool{vocab.Key(t.Text): true}
		add := func(s string) {
			s = strings.ToLower(Spoken(s))
			if k := vocab.Key(s); s != "" && !seen[k] && len(v.SoundsLike) < SpeechmaticsMaxSoundsLike {
				seen[k] = true
				v.SoundsLike = append(v.SoundsLike, s)
			}
		}
		for _, h := range t.Heard {
			add(h.Text)
		}
		for _, s := range spelling.SpokenForms(t.Text) {
			add(s)
		}
		out = append(out, v)
	}
	return out
}

// WhisperConfig is the prompt for Whisper and the hotwords for
// faster-whisper.
type WhisperConfig struct {
	InitialPrompt string `json:"initial_prompt"`
	Hotwords      string `json:"hotwords"`
	// Tokens are the estimated tokens of each (see EstimateTokens).
	PromptTokens   int `json:"initial_prompt_tokens_estimated"`
	HotwordsTokens int `json:"hotwords_tokens_estimated"`
}

// Whisper returns an initial_prompt, the terms as a glossary sentence
// ("Glossary: Pydantic, Jupyter, FastAPI."), and faster-whisper's
// hotwords, the terms separated by commas, each within WhisperMaxTokens
// estimated tokens: the terms that fit, most corrected first.
func Whisper(terms []*Term, limit int) WhisperConfig {
	const lead, sep, end = "Glossary:", ",", "."
	var names []string
	for _, t := range terms {
		if limit > 0 && len(names) >= limit {
			break
		}
		names = append(names, t.Text)
	}
	fit := func(prefix, suffix string) (string, int) {
		s := prefix
		n := EstimateTokens(prefix + suffix)
		first := true
		for _, name := range names {
			piece := " " + name
			if !first {
				piece = sep + piece
			} else if prefix == "" {
				piece = name
			}
			c := EstimateTokens(s+piece+suffix) - EstimateTokens(s+suffix)
			if n+c > WhisperMaxTokens {
				continue
			}
			s += piece
			n += c
			first = false
		}
		if first {
			return "", 0
		}
		return s + suffix, EstimateTokens(s + suffix)
	}
	var cfg WhisperConfig
	cfg.InitialPrompt, cfg.PromptTokens = fit(lead, end)
	cfg.Hotwords, cfg.HotwordsTokens = fit("", "")
	return cfg
}

// EstimateTokens estimates, on the high side, the tokens a text takes in
// the byte-level BPE tokenizers of speech recognition (Whisper's is
// GPT-2's): English text averages about four characters a token, and the
// rare names this list holds split into more, so emend counts a token for
// every two letters of a word (the space before it included), one for each
// digit, each other ASCII character (punctuation; white space beyond one
// space before a word) and each byte of a character beyond ASCII (the
// tokenizer's worst case).
func EstimateTokens(s string) int {
	n := 0
	letters := 0
	flush := func() {
		n += (letters + 1) / 2
		letters = 0
	}
	prevSpace := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && unicode.IsLetter(r):
			letters++
			prevSpace = false
			continue
		case r >= utf8.RuneSelf:
			flush()
			n += utf8.RuneLen(r)
			prevSpace = false
			continue
		}
		flush()
		if r == ' ' && !prevSpace {
			prevSpace = true // merged into the next word's token
			continue
		}
		prevSpace = false
		n++
	}
	flush()
	if prevSpace {
		n++ // a trailing space is a token of its own
	}
	return n
}

// Spoken returns a term as it is said, for services that want words as
// spoken: punctuation but apostrophes out (a dot inside a word is "dot"),
// digits as words ("3.12": "three dot twelve"), a leading dot or a
// trailing "#" or "++" as said (".NET": "dot net").
func Spoken(term string) string {
	if forms := spelling.SpokenForms(term); len(forms) > 0 {
		term = forms[0]
	}
	var words []string
	var cur strings.Builder
	var digits strings.Builder
	flushDigits := func() {
		if digits.Len() > 0 {
			words = append(words, numberWords(digits.String())...)
			digits.Reset()
		}
	}
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
		flushDigits()
	}
	rs := []rune(term)
	for i, r := range rs {
		switch {
		case r >= '0' && r <= '9':
			if cur.Len() > 0 {
				words = append(words, cur.String())
				cur.Reset()
			}
			digits.WriteRune(r)
		case unicode.IsLetter(r) || r == '\'':
			flushDigits()
			cur.WriteRune(r)
		case r == '.' && i > 0 && i+1 < len(rs) && !unicode.IsSpace(rs[i-1]) && !unicode.IsSpace(rs[i+1]):
			flush()
			words = append(words, "dot")
		default:
			flush()
		}
	}
	flush()
	return strings.Join(words, " ")
}

var ones = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
var tens = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}

// numberWords says a run of digits: a number under 100 as a number, a
// longer one digit by digit.
func numberWords(d string) []string {
	if len(d) <= 2 && !(len(d) == 2 && d[0] == '0') {
		n := 0
		for _, c := range d {
			n = n*10 + int(c-'0')
		}
		switch {
		case n < 20:
			return []string{ones[n]}
		case n%10 == 0:
			return []string{tens[n/10]}
		default:
			return []string{tens[n/10], ones[n%10]}
		}
	}
	out := make([]string, 0, len(d))
	for _, c := range d {
		out = append(out, ones[c-'0'])
	}
	return out
}

// List writes the ranking as a table: rank, corrections by people and by
// emend, the term, and how speech recognition wrote it.
func List(terms []*Term, limit int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%4s %6s %6s  %-30s %s\n", "rank", "people", "emend", "term", "heard as")
	for i, t := range terms {
		if limit > 0 && i >= limit {
			break
		}
		var heard []string
		for j, h := range t.Heard {
			if j == 4 {
				heard = append(heard, fmt.Sprintf("(+%d more)", len(t.Heard)-4))
				break
			}
			heard = append(heard, fmt.Sprintf("%s (%d)", h.Text, h.Count))
		}
		fmt.Fprintf(&b, "%4d %6d %6d  %-30s %s\n", i+1, t.People, t.Emend, t.Text, strings.Join(heard, ", "))
	}
	return b.Bytes()
}
