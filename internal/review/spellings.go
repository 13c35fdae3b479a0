package review

import (
	"errors"
	"os"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
)

// LoadSpellings builds the show's spellings from every source: the
// decisions file at path (a missing one is none, unless required), the
// emend.toml of root, the rules, the show notes of the library's episodes
// and the starter vocabulary. emend fix, emend spellings and the review
// queue all read them so.
func LoadSpellings(lib *library.Library, root, path string, required bool, rs []*rules.Rule, opt spelling.Options) (*spelling.Set, error) {
	src := spelling.Sources{Rules: rs, Starter: true}
	if f, err := os.Open(path); err == nil {
		src.Decisions, err = spelling.Parse(f, path)
		f.Close()
		if err != nil {
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) || required {
		return nil, err
	}
	if toml := config.Find(root); toml != "" {
		c, err := config.ReadFile(toml)
		if err != nil {
			return nil, err
		}
		src.Config = c.Terms()
	}
	for _, ep := range lib.Episodes {
		n, err := suggest.NotesFor(ep)
		if err != nil {
			return nil, err
		}
		if n != nil {
			src.Notes = append(src.Notes, n)
		}
	}
	return spelling.New(src, opt), nil
}

// SegmentTexts returns the texts of a file's segments (none for a file
// not read).
func SegmentTexts(f *library.File) []string {
	if f == nil || f.Episode == nil {
		return nil
	}
	texts := make([]string, len(f.Episode.Segments))
	for i, s := range f.Episode.Segments {
		texts[i] = s.Text
	}
	return texts
}
