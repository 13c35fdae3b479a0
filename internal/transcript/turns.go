package transcript

import "strings"

// Turn is a change of speaker inside a segment's text: from byte Off of
// the text on, Speaker speaks.
type Turn struct {
	Off     int
	Speaker string
}

// Turns returns the changes of speaker inside segment i: the voice spans
// after the first of a WebVTT cue such as "<v Ann>Hi.</v> <v Bob>Hello.",
// each with the byte of the segment's text where it starts. The segment's
// own Speaker is the first voice's; a Turn at offset 0 is never returned.
// Nil for a segment of one voice, one made or changed in memory, or one
// read from another format (whose readers give a segment one speaker).
func (e *Episode) Turns(i int) []Turn {
	s := &e.Segments[i]
	if e.src == nil || e.src.format != VTT || s.orig < 1 || s.orig > len(e.src.spans) {
		return nil
	}
	sp := e.src.spans[s.orig-1]
	if sp.text != s.Text || sp.speaker != s.Speaker {
		return nil
	}
	cue := strings.ReplaceAll(e.src.data[sp.off:sp.end], "\r", "\n")
	if e.src.style.crlf {
		cue = strings.ReplaceAll(e.src.data[sp.off:sp.end], "\r\n", "\n")
	}
	// The payload starts after the timing line.
	at := strings.Index(cue, "-->")
	if at < 0 {
		return nil
	}
	nl := strings.IndexByte(cue[at:], '\n')
	if nl < 0 {
		return nil
	}
	raw := cue[at+nl+1:]
	if strings.Count(raw, "<v") < 2 {
		return nil
	}
	var turns []Turn
	n := 0 // bytes of text so far
	for j := 0; j < len(raw); {
		switch c := raw[j]; c {
		case '<':
			k := tagLen(raw[j:])
			if k == 0 {
				n++
				j++
				continue
			}
			if name, ok := voiceName(raw[j+1 : j+k-1]); ok && n > 0 {
				prev := s.Speaker
				if len(turns) > 0 {
					prev = turns[len(turns)-1].Speaker
				}
				if name != prev {
					turns = append(turns, Turn{Off: n, Speaker: name})
				}
			}
			j += k
		case '&':
			r, k := charRef(raw[j:])
			if k == 0 {
				n++
				j++
				continue
			}
			n += len(r)
			j += k
		default:
			n++
			j++
		}
	}
	// The text as read is the payload's: offsets beyond it mean the
	// payload was not read as scanned here; trust none of them.
	for _, t := range turns {
		if t.Off > len(s.Text) {
			return nil
		}
	}
	return turns
}
