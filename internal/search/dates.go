package search

import (
	"regexp"
	"strings"
	"time"
)

// spokenDate matches the recording date hosts say in an episode's first
// lines: "episode 420, recorded Monday, February 17th, 2025".
var spokenDate = regexp.MustCompile(`(?i)\brecorded\s+(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)

// recordedDate returns the recording date said in the first segments of
// an episode, as Unix seconds, or 0.
func recordedDate(segs []storedSeg) int64 {
	var b strings.Builder
	for i, s := range segs {
		if i == 6 {
			break
		}
		b.WriteString(s.Text)
		b.WriteByte(' ')
	}
	m := spokenDate.FindStringSubmatch(b.String())
	if m == nil {
		return 0
	}
	t, err := time.Parse("January 2 2006", strings.ToUpper(m[1][:1])+strings.ToLower(m[1][1:])+" "+m[2]+" "+m[3])
	if err != nil {
		return 0
	}
	return t.Unix()
}
