package transcript

import (
	"errors"
	"fmt"
	"strings"
)

// Dump describes an episode and a reader's error in a stable, readable
// text form: the metadata, then one line a segment with its times, speaker,
// source line and quoted text, then the problems. Golden tests compare it,
// and `emend convert --to dump` prints it for debugging.
func Dump(ep *Episode, err error) string {
	var b strings.Builder
	if ep == nil {
		b.WriteString("no episode\n")
	} else {
		fmt.Fprintf(&b, "format: %s\n", ep.Format)
		if ep.Show != "" {
			fmt.Fprintf(&b, "show: %s\n", ep.Show)
		}
		if ep.Number >= 0 {
			fmt.Fprintf(&b, "number: %d\n", ep.Number)
		}
		if ep.Slug != "" {
			fmt.Fprintf(&b, "slug: %s\n", ep.Slug)
		}
		if ep.Title != "" {
			fmt.Fprintf(&b, "title: %s\n", ep.Title)
		}
		if !ep.Date.IsZero() {
			fmt.Fprintf(&b, "date: %s\n", ep.Date.Format("2006-01-02"))
		}
		fmt.Fprintf(&b, "segments: %d\n", len(ep.Segments))
		for _, s := range ep.Segments {
			fmt.Fprintf(&b, "%s %s", FormatClock(s.Start), FormatClock(s.End))
			if s.Line > 0 {
				fmt.Fprintf(&b, " L%d", s.Line)
			}
			if s.Speaker != "" {
				fmt.Fprintf(&b, " [%s]", s.Speaker)
			}
			fmt.Fprintf(&b, " %q\n", s.Text)
		}
	}
	var list ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintf(&b, "problem: %s\n", e)
		}
	} else if err != nil {
		fmt.Fprintf(&b, "error: %s\n", err)
	}
	return b.String()
}
